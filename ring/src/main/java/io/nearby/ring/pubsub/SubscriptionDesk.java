package io.nearby.ring.pubsub;

import io.nearby.ring.pubsub.SubscriptionBook.Batch;
import io.nearby.ring.pubsub.SubscriptionBook.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The thread-safe side of one node's subscriptions: a lock around the {@link SubscriptionBook}, the current
 * {@link Session}, and the condition the writer thread sleeps on. Requesters (any thread) change the desired set and
 * wake the writer; the reader thread reports confirmations; the writer takes {@link Work}. Futures are completed
 * after the lock is released, on the thread whose action completed them (usually the reader thread), so dependent
 * stages must not block.
 */
final class SubscriptionDesk {
    private final String node;
    private final Duration subscribeTimeout;
    private final int batchSize;
    private final long pingNanos;
    private final Consumer<Set<String>> onResubscribed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final SubscriptionBook book = new SubscriptionBook();
    private Session current;
    private boolean lostSinceEstablished;
    private boolean closed;

    /** What the writer must send now on {@code session}. */
    record Work(Session session, Batch batch, boolean ping) {
    }

    /**
     * @param onResubscribed hears the channels subscribed again after a lost connection, once all are confirmed; always
     *     on the reader thread (never on a caller's), at the latest with the next PONG
     */
    SubscriptionDesk(String node, PubSubConfig config, Consumer<Set<String>> onResubscribed) {
        this.node = node;
        this.subscribeTimeout = config.subscribeTimeout();
        this.batchSize = config.batchSize();
        this.pingNanos = config.pingInterval().toNanos();
        this.onResubscribed = onResubscribed;
    }

    /** Adds to the desired set; see {@link PubSub#subscribe}. After the timeout: a {@link TimeoutException} naming the node. */
    CompletableFuture<Void> subscribe(Collection<String> channels) {
        List<Waiter> ready = new ArrayList<>(1);
        Waiter waiter;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("Pub/Sub to " + node + " is closed"));
            }
            waiter = book.want(channels, ready);
            wakeWriterIfWork();
        } finally {
            lock.unlock();
        }
        complete(ready);
        if (waiter.future.isDone()) {
            return waiter.future;
        }
        int asked = channels.size();
        CompletableFuture<Void> result = new CompletableFuture<>();
        waiter.future.orTimeout(subscribeTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) -> {
            if (error == null) {
                result.complete(null);
            } else if (error instanceof TimeoutException) {
                int missing = locked(() -> forget(waiter));
                result.completeExceptionally(new TimeoutException(node + " did not confirm " + missing + " of " + asked
                        + " channels within " + subscribeTimeout.toMillis() + " ms"));
            } else {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /** Removes from the desired set and releases waiters of these channels at once; the commands follow. */
    void unsubscribe(Collection<String> channels) {
        List<Waiter> ready = new ArrayList<>(0);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            book.drop(channels, ready);
            wakeWriterIfWork();
        } finally {
            lock.unlock();
        }
        complete(ready);
    }

    /** The reader starts a connection attempt; false if closed (the reader then stops). */
    boolean attach(Session session) {
        return locked(() -> {
            if (closed) {
                return false;
            }
            current = session;
            return true;
        });
    }

    /**
     * The session's keepalive channel is confirmed: every desired channel is to be subscribed on it.
     *
     * @return true if this re-establishes a lost (or never made) connection
     */
    boolean establish(Session session) {
        return locked(() -> {
            if (session != current || closed || session.established) {
                return false;
            }
            session.established = true;
            session.nextPingNanos = System.nanoTime() + pingNanos;
            boolean reconnected = lostSinceEstablished;
            lostSinceEstablished = false;
            book.connected(reconnected);
            changed.signalAll();
            return reconnected;
        });
    }

    /** Redis confirmed SUBSCRIBE ({@code subscribed}) or UNSUBSCRIBE of a channel on the session (reader thread). */
    void confirmed(Session session, String channel, boolean subscribed) {
        List<Waiter> ready = new ArrayList<>(1);
        Set<String> resubscribed;
        lock.lock();
        try {
            if (session != current || closed) {
                return;
            }
            book.confirmed(channel, subscribed, ready);
            resubscribed = book.takeResubscribed();
        } finally {
            lock.unlock();
        }
        complete(ready);
        if (resubscribed != null) {
            onResubscribed.accept(resubscribed);
        }
    }

    /**
     * Any other reply on the session (a PONG), reader thread: reports a resubscription whose last pending channels were
     * unsubscribed meanwhile rather than confirmed.
     */
    void replied(Session session) {
        Set<String> resubscribed = locked(() -> session == current && !closed ? book.takeResubscribed() : null);
        if (resubscribed != null) {
            onResubscribed.accept(resubscribed);
        }
    }

    /** The session's connection is gone (or never came up); false if that is because of {@link #close}. */
    boolean lost(Session session) {
        return locked(() -> {
            if (session == current) {
                current = null;
            }
            book.disconnected();
            lostSinceEstablished |= !closed;
            return !closed;
        });
    }

    /**
     * Writer thread: waits until there is something to send on an established session (commands, or a PING that is
     * due) and takes it; null once closed.
     */
    Work awaitWork() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                Session session = current;
                if (session == null || !session.established) {
                    changed.await();
                    continue;
                }
                long now = System.nanoTime();
                boolean ping = now - session.nextPingNanos >= 0;
                if (ping || book.hasWork()) {
                    if (ping) {
                        session.nextPingNanos = now + pingNanos;
                    }
                    return new Work(session, book.nextBatch(batchSize), ping);
                }
                changed.awaitNanos(session.nextPingNanos - now);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting requests, wakes the writer, fails every pending future; returns the session to close, if any. */
    Session close() {
        List<Waiter> abandoned;
        Session session;
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            closed = true;
            session = current;
            abandoned = book.abandonAll();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        abandoned.forEach(w -> w.future.completeExceptionally(new IllegalStateException("Pub/Sub to " + node + " closed")));
        return session;
    }

    Set<String> desiredChannels() {
        return locked(book::desiredSnapshot);
    }

    int desiredCount() {
        return locked(book::desiredCount);
    }

    int confirmedCount() {
        return locked(book::confirmedCount);
    }

    /** Precondition: lock held. */
    private int forget(Waiter waiter) {
        int missing = waiter.pendingCount();
        book.forget(waiter);
        return missing;
    }

    /** Precondition: lock held. */
    private void wakeWriterIfWork() {
        if (book.hasWork()) {
            changed.signalAll();
        }
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static void complete(List<Waiter> ready) {
        ready.forEach(waiter -> waiter.future.complete(null));
    }
}
