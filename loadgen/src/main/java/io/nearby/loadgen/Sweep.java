package io.nearby.loadgen;

import java.time.Duration;
import java.util.List;

/**
 * The saturation sweep's arithmetic and rules: the offered rate of each step, whether a step passed, when a step is
 * hopeless enough to be cut short, and the result. Pure.
 *
 * <p>A step passes when the clients sent what was offered (at least {@link #MIN_ACHIEVED} of it: otherwise the
 * generator, not the target, set the rate), at least {@link Rule#minDelivered} of the deliveries its updates should
 * produce arrived (exact accounting: updates sent in the window, however late their deliveries came), and the
 * end-to-end p99 of those deliveries is below {@link Rule#maxP99Ms}. The sweep stops at the first failing server step
 * or after the last planned one; the result is the highest offered rate that passed.
 */
final class Sweep {
    /** Share of the offered updates the clients must actually have sent for a step to count. */
    static final double MIN_ACHIEVED = 0.95;
    /** A step is cut short after this long in its window ... */
    static final double ABORT_AFTER_SECONDS = 3;
    /** ... if less than this share of its expected deliveries has arrived so far (a healthy step is at ~100%). */
    static final double ABORT_BELOW_SHARE = 0.9;

    private Sweep() {
    }

    /** Pass criteria of a step. */
    record Rule(double minDelivered, double maxP99Ms) {
        Verdict judge(double offeredPerSecond, BenchResult.LoadWindow window) {
            return judge(offeredPerSecond, window.exact().sent() / window.seconds(), window.exact(),
                    window.endToEnd().p99Ms());
        }

        /**
         * @param achievedPerSecond updates the clients sent in the window, per second
         * @param p99Ms             end-to-end p99 of the window's deliveries (NaN when none arrived)
         */
        Verdict judge(double offeredPerSecond, double achievedPerSecond, LoadCounters.Exact exact, double p99Ms) {
            StringBuilder why = new StringBuilder();
            if (achievedPerSecond < MIN_ACHIEVED * offeredPerSecond) {
                append(why, "clients sent only " + Report.percent(achievedPerSecond / offeredPerSecond) + " of the offered rate");
            }
            if (exact.expected() > 0) {
                double share = exact.deliveredShare();
                if (share < minDelivered) {
                    append(why, Report.percent2(share) + " of expected deliveries arrived (< " + Report.percent2(minDelivered) + ")");
                }
                if (Double.isNaN(p99Ms) || p99Ms >= maxP99Ms) {
                    append(why, "p99 " + Report.ms(p99Ms) + " ms (≥ " + Report.ms(maxP99Ms) + " ms)");
                }
            }
            return why.isEmpty() ? Verdict.PASS : new Verdict(false, why.toString());
        }

        private static void append(StringBuilder why, String reason) {
            if (!why.isEmpty()) {
                why.append("; ");
            }
            why.append(reason);
        }
    }

    /** A step's outcome; {@code reason} says why it failed (empty when it passed). */
    record Verdict(boolean passed, String reason) {
        static final Verdict PASS = new Verdict(true, "");

        static Verdict aborted(double seconds, LoadCounters.Exact soFar) {
            return new Verdict(false, "cut short after " + Report.fixed(seconds, 0) + " s: "
                    + Report.percent2(soFar.deliveredShare()) + " of expected deliveries had arrived");
        }
    }

    /** The offered rate of step {@code index} (0-based): {@code from × factor^index}. */
    static double rate(double from, double factor, int index) {
        return from * Math.pow(factor, index);
    }

    /** The update period that makes {@code users} offer {@code perSecond} updates/s. */
    static Duration period(int users, double perSecond) {
        return Duration.ofNanos(Math.round(users / perSecond * 1e9));
    }

    /**
     * True when a step should be cut short: after {@link #ABORT_AFTER_SECONDS} in its window, less than
     * {@link #ABORT_BELOW_SHARE} of the deliveries expected so far have arrived — far beyond what in-flight
     * deliveries explain at any passing latency, so the step has failed and more of it only overloads the machine.
     */
    static boolean hopeless(double secondsIntoWindow, LoadCounters.Exact soFar) {
        return secondsIntoWindow >= ABORT_AFTER_SECONDS && soFar.expected() > 0
                && soFar.deliveredShare() < ABORT_BELOW_SHARE;
    }

    /** True when the sweep goes on after a step with this verdict that was step {@code index} of {@code maxSteps}. */
    static boolean continueAfter(int index, int maxSteps, Verdict verdict) {
        return verdict.passed() && index + 1 < maxSteps;
    }

    /** The highest offered rate among passing server steps; NaN when none passed. */
    static double highestPassing(List<BenchResult.SweepStep> steps) {
        double best = Double.NaN;
        for (BenchResult.SweepStep s : steps) {
            if (s.verdict().passed() && (Double.isNaN(best) || s.offeredPerSecond() > best)) {
                best = s.offeredPerSecond();
            }
        }
        return best;
    }
}
