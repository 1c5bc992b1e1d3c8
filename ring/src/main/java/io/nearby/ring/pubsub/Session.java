package io.nearby.ring.pubsub;

/**
 * One attempt at the subscriber connection: its socket and its Jedis callbacks. A session is never reused: a lost
 * connection is replaced by a new session. {@code established} and {@code nextPingNanos} are guarded by the
 * {@link SubscriptionDesk}'s lock.
 */
final class Session {
    final OneShotSocketFactory socket;
    final Listener listener;
    boolean established;
    long nextPingNanos;

    Session(Subscriber owner, OneShotSocketFactory socket) {
        this.socket = socket;
        this.listener = new Listener(owner, this);
    }
}
