package io.nearby.ring.pubsub;

import java.util.Set;

/**
 * Receives every message of every subscribed channel. {@link #onMessage} is called on a node's reader thread;
 * {@link #resubscribed} on a reader thread (after a reconnect) or on the thread applying a ring change
 * ({@code nearby-ring-notify}, after a move). Never block in either.
 */
public interface MessageSink {
    void onMessage(String channel, String message);

    /**
     * These channels were (re)subscribed after a reconnect or a move to another node (called once the new
     * subscriptions are confirmed); messages published while they were not subscribed are lost, so the caller
     * should re-read current state (e.g. the location cache).
     */
    default void resubscribed(Set<String> channels) {
    }
}
