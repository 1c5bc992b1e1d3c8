package io.nearby.server.session;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A session's inbox between the Pub/Sub reader threads (which must never block) and the session (which
 * sends on a socket and may block on a slow client). Two lanes:
 * <ul>
 *   <li><b>coalescing</b>, keyed (by channel): only the latest event per key waits, so a slow client gets each
 *       friend's latest position rather than a growing backlog — the lane is bounded by the number of keys;</li>
 *   <li><b>ordered</b>: control events (friendship changes, ticks) in FIFO order, drained first.</li>
 * </ul>
 * No thread per session: a drain task runs on the executor (virtual threads) only while there is work.
 */
final class SessionMailbox<E> {
    private static final System.Logger LOG = System.getLogger(SessionMailbox.class.getName());
    private final Map<String, E> latest = new ConcurrentHashMap<>();
    private final Queue<String> keys = new ConcurrentLinkedQueue<>();
    private final Queue<E> ordered = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor executor;
    private final Consumer<E> handler;

    SessionMailbox(Executor executor, Consumer<E> handler) {
        this.executor = executor;
        this.handler = handler;
    }

    /** Replaces any waiting event with the same key. Never blocks. */
    void offerLatest(String key, E event) {
        if (latest.put(key, event) == null) {
            keys.add(key);
        }
        schedule();
    }

    void offerOrdered(E event) {
        ordered.add(event);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        do {
            E next;
            while ((next = poll()) != null) {
                try {
                    handler.accept(next);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "a session event failed; the session goes on", e);
                }
            }
            scheduled.set(false);
        } while (!isEmpty() && scheduled.compareAndSet(false, true));
    }

    private E poll() {
        E control = ordered.poll();
        if (control != null) {
            return control;
        }
        String key;
        while ((key = keys.poll()) != null) {
            E event = latest.remove(key);
            if (event != null) {
                return event;
            }
        }
        return null;
    }

    private boolean isEmpty() {
        return ordered.isEmpty() && keys.isEmpty();
    }

    /** Events waiting (for metrics and tests). */
    int size() {
        return ordered.size() + latest.size();
    }
}
