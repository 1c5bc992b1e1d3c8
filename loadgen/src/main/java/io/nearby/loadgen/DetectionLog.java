package io.nearby.loadgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Entered the radius → receiver told", per ordered (receiver, friend) pair, from two streams: the truth (the world
 * model's distance, sampled) and what the receiver's client was sent ({@code friend_location} or a page listing the
 * friend: shown; {@code friend_gone}: not shown). An <em>entry</em> is the true distance going from beyond the radius
 * to within it while the receiver does not show the friend; it is <em>told</em> when the receiver next shows the
 * friend (delay = that time − the entry), a <em>passage</em> when the pair leaves the radius again first (not told:
 * reported with how long it lasted). Only entries within the measured window count; told events are still taken after
 * it ({@link #stopCounting}). Times are world seconds. Thread-safe (synchronized: a few thousand events a second).
 */
final class DetectionLog {
    /** One ordered pair's state. */
    private static final class Pair {
        Boolean inside; // null until the first sample
        boolean shown;
        double entryAt = Double.NaN;
    }

    private final Map<Long, Pair> pairs = new HashMap<>();
    private final List<Double> delays = new ArrayList<>();
    private final List<Double> passages = new ArrayList<>();
    private int alreadyShown;
    private boolean counting;
    private boolean accepting = true;

    /** Follows {@code receiver}'s view of {@code friend}. */
    synchronized void track(int receiver, int friend) {
        pairs.putIfAbsent(key(receiver, friend), new Pair());
    }

    /** From now on entries count (the window opens). */
    synchronized void startCounting() {
        counting = true;
    }

    /** No new entries count (the window closed); pending ones can still be told or pass. */
    synchronized void stopCounting() {
        counting = false;
    }

    /** Nothing changes any more: the figures are final. */
    synchronized void freeze() {
        accepting = false;
    }

    /** The true state of the pair at world time {@code t}. */
    synchronized void truth(int receiver, int friend, boolean inside, double t) {
        Pair p = pairs.get(key(receiver, friend));
        if (p == null || !accepting) {
            return;
        }
        boolean was = p.inside != null && p.inside;
        boolean first = p.inside == null;
        p.inside = inside;
        if (first || was == inside) {
            return;
        }
        if (inside) {
            if (!counting) {
                return;
            }
            if (p.shown) {
                alreadyShown++; // shown from an earlier, nearer reading: told before the entry
            } else {
                p.entryAt = t;
            }
        } else if (!Double.isNaN(p.entryAt)) {
            passages.add(t - p.entryAt);
            p.entryAt = Double.NaN;
        }
    }

    /** The receiver's client was sent the friend's position at world time {@code t}. */
    synchronized void shown(int receiver, int friend, double t) {
        Pair p = pairs.get(key(receiver, friend));
        if (p == null || !accepting) {
            return;
        }
        p.shown = true;
        if (!Double.isNaN(p.entryAt)) {
            delays.add(t - p.entryAt);
            p.entryAt = Double.NaN;
        }
    }

    /** The receiver's client was told the friend is gone. */
    synchronized void gone(int receiver, int friend) {
        Pair p = pairs.get(key(receiver, friend));
        if (p != null && accepting) {
            p.shown = false;
        }
    }

    /** The figures so far: delays of the told entries, durations of the passages, entries still waiting. */
    synchronized Result result() {
        int pending = 0;
        for (Pair p : pairs.values()) {
            if (!Double.isNaN(p.entryAt)) {
                pending++;
            }
        }
        return new Result(List.copyOf(delays), List.copyOf(passages), alreadyShown, pending);
    }

    /**
     * @param delays       seconds from each told entry to the telling
     * @param passages     seconds inside of each entry that left the radius before anyone was told
     * @param alreadyShown entries of pairs the receiver showed already (told before the entry: delay ≤ 0)
     * @param pending      entries neither told nor passed by the end
     */
    record Result(List<Double> delays, List<Double> passages, int alreadyShown, int pending) {
        int entries() {
            return delays.size() + passages.size() + alreadyShown + pending;
        }

        /** The {@code q} quantile (0–1) of the delays, NaN without any: nearest rank. */
        double delayQuantile(double q) {
            return quantile(delays, q);
        }

        double worstDelay() {
            return delays.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        double longestPassage() {
            return passages.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        static double quantile(List<Double> values, double q) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = values.stream().sorted().toList();
            int rank = (int) Math.ceil(q * sorted.size());
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
        }
    }

    private static long key(int receiver, int friend) {
        return (long) receiver << 32 | (friend & 0xffffffffL);
    }
}
