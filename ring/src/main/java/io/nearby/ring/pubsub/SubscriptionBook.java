package io.nearby.ring.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The bookkeeping of one node's subscriber connection, without any I/O: which channels are wanted (desired), which
 * SUBSCRIBE/UNSUBSCRIBE commands are still to be sent (dirty), what the commands sent so far on the current connection
 * amount to (requested), what Redis has confirmed, and who waits for which confirmation.
 *
 * <p>Rules that make concurrent subscribe/unsubscribe race-free: requesters only change {@code desired} and mark the
 * channel dirty; one writer turns dirty channels into commands with {@link #nextBatch} (at most one command per
 * channel per batch: the difference between desired and requested); Redis answers a connection's commands in order,
 * so a channel whose confirmation has arrived and that has no command in flight is subscribed on the server exactly
 * as {@code confirmed} says ("settled"). A waiter completes when all its channels are settled and subscribed, or were
 * unsubscribed meanwhile (nothing more to wait for).
 *
 * <p>Not thread-safe: the owner guards every call with its lock, and completes the returned waiters' futures after
 * releasing it.
 */
final class SubscriptionBook {
    private final Set<String> desired = new HashSet<>();
    private final LinkedHashSet<String> dirty = new LinkedHashSet<>();
    private final Set<String> requested = new HashSet<>();
    private final Set<String> confirmed = new HashSet<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, List<Waiter>> waiting = new HashMap<>();
    private boolean live;
    private Waiter resubscribing;
    private Set<String> resubscribingChannels;

    /**
     * Someone waiting for channels to be confirmed, handed back in a {@code ready} list when done; the owner completes
     * its future. The book's own resubscription waiter is polled instead (see {@link #takeResubscribed}).
     */
    static final class Waiter {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        private final Set<String> pending = new HashSet<>();
        private final boolean polled;

        private Waiter(boolean polled) {
            this.polled = polled;
        }

        int pendingCount() {
            return pending.size();
        }

        boolean isDone() {
            return pending.isEmpty();
        }
    }

    /** SUBSCRIBE and UNSUBSCRIBE commands to send now, in this order; each list is at most one command. */
    record Batch(List<String> subscribe, List<String> unsubscribe) {
    }

    /** Adds the channels to the desired set; the waiter completes once all are settled (added to {@code ready} if now). */
    Waiter want(Collection<String> channels, List<Waiter> ready) {
        for (String channel : channels) {
            if (desired.add(channel)) {
                dirty.add(channel);
            }
        }
        Waiter waiter = register(new Waiter(false), channels);
        if (waiter.isDone()) {
            ready.add(waiter);
        }
        return waiter;
    }

    /** Removes the channels from the desired set and releases whoever waited for them. */
    void drop(Collection<String> channels, List<Waiter> ready) {
        for (String channel : channels) {
            if (desired.remove(channel)) {
                dirty.add(channel);
            }
            release(channel, ready);
        }
    }

    /** A waiter gave up (timeout): forget it. */
    void forget(Waiter waiter) {
        for (String channel : waiter.pending) {
            List<Waiter> waiters = waiting.get(channel);
            if (waiters != null && waiters.remove(waiter) && waiters.isEmpty()) {
                waiting.remove(channel);
            }
        }
        waiter.pending.clear();
    }

    /**
     * A new connection is established with nothing subscribed on it: every desired channel is to be subscribed.
     *
     * @param reportResubscribed remember these channels for {@link #takeResubscribed} (a lost connection came back)
     */
    void connected(boolean reportResubscribed) {
        disconnected();
        live = true;
        dirty.clear();
        dirty.addAll(desired);
        if (reportResubscribed && !desired.isEmpty()) {
            resubscribingChannels = Set.copyOf(desired);
            resubscribing = register(new Waiter(true), resubscribingChannels);
        }
    }

    /** The connection is gone: nothing is subscribed any more; waiters keep waiting for the next connection. */
    void disconnected() {
        requested.clear();
        confirmed.clear();
        inFlight.clear();
        live = false;
        if (resubscribing != null) {
            forget(resubscribing);
            resubscribing = null;
            resubscribingChannels = null;
        }
    }

    /**
     * Once every channel desired at {@link #connected(boolean) connected(true)} is settled or no longer desired: those
     * still desired (reported once). Null before that, or if nothing is to be reported.
     */
    Set<String> takeResubscribed() {
        if (resubscribing == null || !resubscribing.isDone()) {
            return null;
        }
        Set<String> channels = Set.copyOf(resubscribingChannels.stream().filter(desired::contains).toList());
        resubscribing = null;
        resubscribingChannels = null;
        return channels;
    }

    /** True if a connection is up and commands are to be sent. */
    boolean hasWork() {
        return live && !dirty.isEmpty();
    }

    /**
     * Takes up to {@code max} dirty channels and returns the commands that bring the connection to the desired state;
     * the caller must send them, in order, on the current connection. Precondition: connected.
     */
    Batch nextBatch(int max) {
        List<String> subscribe = new ArrayList<>();
        List<String> unsubscribe = new ArrayList<>();
        Iterator<String> it = dirty.iterator();
        while (it.hasNext() && subscribe.size() < max && unsubscribe.size() < max) {
            String channel = it.next();
            it.remove();
            boolean want = desired.contains(channel);
            boolean have = requested.contains(channel);
            if (want && !have) {
                subscribe.add(channel);
                requested.add(channel);
                inFlight.merge(channel, 1, Integer::sum);
            } else if (!want && have) {
                unsubscribe.add(channel);
                requested.remove(channel);
                inFlight.merge(channel, 1, Integer::sum);
            }
        }
        return new Batch(subscribe, unsubscribe);
    }

    /** Redis confirmed a SUBSCRIBE ({@code subscribed}) or an UNSUBSCRIBE of the channel on the current connection. */
    void confirmed(String channel, boolean subscribed, List<Waiter> ready) {
        if (!live) {
            return;
        }
        Integer left = inFlight.computeIfPresent(channel, (key, count) -> count == 1 ? null : count - 1);
        if (subscribed) {
            confirmed.add(channel);
        } else {
            confirmed.remove(channel);
        }
        if (left == null && subscribed) {
            release(channel, ready);
        }
    }

    /** All waiters, removed (when closing). */
    List<Waiter> abandonAll() {
        Set<Waiter> all = new HashSet<>();
        waiting.values().forEach(all::addAll);
        waiting.clear();
        all.forEach(waiter -> waiter.pending.clear());
        return new ArrayList<>(all);
    }

    Set<String> desiredSnapshot() {
        return Set.copyOf(desired);
    }

    int desiredCount() {
        return desired.size();
    }

    int confirmedCount() {
        return confirmed.size();
    }

    /** Channels some subscribe call still waits for (tests check that no waiter is left behind). */
    int waitingChannelCount() {
        return waiting.size();
    }

    private Waiter register(Waiter waiter, Collection<String> channels) {
        for (String channel : channels) {
            if (!isSettled(channel) && waiter.pending.add(channel)) {
                waiting.computeIfAbsent(channel, key -> new ArrayList<>(1)).add(waiter);
            }
        }
        return waiter;
    }

    private boolean isSettled(String channel) {
        return confirmed.contains(channel) && !inFlight.containsKey(channel);
    }

    private void release(String channel, List<Waiter> ready) {
        List<Waiter> waiters = waiting.remove(channel);
        if (waiters == null) {
            return;
        }
        for (Waiter waiter : waiters) {
            if (waiter.pending.remove(channel) && waiter.pending.isEmpty() && !waiter.polled) {
                ready.add(waiter);
            }
        }
    }
}
