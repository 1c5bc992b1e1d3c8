package io.nearby.server.session;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Channel events that found the session busy (its lock held by the client's own thread, say during {@code init}):
 * the Pub/Sub reader leaves them here instead of waiting, and whoever holds the lock applies them before letting
 * go. Positions are kept per key (a friend or a stranger) and only the latest waits, so this stays bounded by the
 * number of friends and strangers; events without a key keep their order. Lock-free, never blocks.
 */
final class PendingEvents<E> {
    private final Map<String, E> latest = new ConcurrentHashMap<>();
    private final Queue<String> keys = new ConcurrentLinkedQueue<>();
    private final Queue<E> ordered = new ConcurrentLinkedQueue<>();

    /** Replaces any waiting event with the same key. */
    void offerLatest(String key, E event) {
        if (latest.put(key, event) == null) {
            keys.add(key);
        }
    }

    void offerOrdered(E event) {
        ordered.add(event);
    }

    /** The next event (ordered ones first), or null. */
    E poll() {
        E control = ordered.poll();
        if (control != null) {
            return control;
        }
        for (String key = keys.poll(); key != null; key = keys.poll()) {
            E event = latest.remove(key);
            if (event != null) {
                return event;
            }
        }
        return null;
    }

    boolean isEmpty() {
        return ordered.isEmpty() && keys.isEmpty();
    }

    /** Events waiting (for tests). */
    int size() {
        return ordered.size() + latest.size();
    }
}
