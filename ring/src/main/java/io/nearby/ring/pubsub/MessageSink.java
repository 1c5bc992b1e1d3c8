package io.nearby.ring.pubsub;

import java.util.Set;

/** Receives every message of every subscribed channel. Called on a node reader thread: never block. */
public interface MessageSink {
    void onMessage(String channel, String message);

    /**
     * These channels were (re)subscribed after a reconnect or a move to another node; messages published
     * while they were not subscribed are lost, so the caller should re-read current state (e.g. the
     * location cache).
     */
    default void resubscribed(Set<String> channels) {
    }
}
