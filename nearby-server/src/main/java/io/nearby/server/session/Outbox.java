package io.nearby.server.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * The frames of one session on their way to its client, in order. Whoever changes the session's state appends here
 * ({@link #add}, never blocking); whoever {@link #flush}es writes them to the socket, one writer at a time: the
 * session's own virtual thread after a client message, or a {@link DeliveryWorkers} worker for the fan-out — never
 * the Pub/Sub reader. A client that reads slowly therefore only makes its own outbox grow, and the growth is bounded:
 * a friend's (or stranger's) position still waiting is replaced by their newer one (the newer one goes to the end),
 * so at most one position per friend waits, plus the answers to the client's own (rate-limited) requests.
 *
 * <p>Thread-safe: appends and the writer meet under a small monitor that is never held during I/O.
 */
final class Outbox {
    /**
     * One frame: a text message, a ping (text null, closeCode 0) or the closing handshake (closeCode set, text the
     * reason). A superseded position is cancelled in place. {@code acceptedAt}: for a delivery, when the sender's
     * server accepted the update (ms), else -1.
     */
    private static final class Frame {
        final String key;
        final String text;
        final int closeCode;
        final long acceptedAt;
        boolean cancelled;

        Frame(String key, String text, int closeCode, long acceptedAt) {
            this.key = key;
            this.text = text;
            this.closeCode = closeCode;
            this.acceptedAt = acceptedAt;
        }
    }

    private final Outbound out;
    private final Runnable onBroken;
    private final LongConsumer onDelivered;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // guarded by this
    private List<Frame> pending = new ArrayList<>();
    private final Map<String, Frame> positions = new HashMap<>();
    /** Written under the monitor, read without it by the ticker. */
    private volatile long pendingChars;
    private boolean closed;
    /** When the current write began (System.nanoTime), 0 while not writing: a write stuck on a full socket shows here. */
    private volatile long writeStartedNanos;

    /**
     * @param onBroken    runs (on the writing thread) when a write fails: the connection is gone
     * @param onDelivered hears, after a delivery's frame was written, when the sender's server accepted that update
     */
    Outbox(Outbound out, Runnable onBroken, LongConsumer onDelivered) {
        this.out = out;
        this.onBroken = onBroken;
        this.onDelivered = onDelivered;
    }

    /** Appends a frame that stands on its own (a page, an error, a "gone"). */
    void add(String text) {
        add(null, text, 0, -1);
    }

    /**
     * Appends the latest position of {@code key} (a friend's or stranger's id): a position of the same key still
     * waiting is dropped, as it is out of date.
     *
     * @param acceptedAt for a delivery of a friend's update, when the sender's server accepted it (ms); else -1
     */
    void addPosition(String key, String text, long acceptedAt) {
        add(key, text, 0, acceptedAt);
    }

    /** A WebSocket ping, in order with the frames. */
    void addPing() {
        add(null, null, 0, -1);
    }

    /** The closing handshake after what is already waiting; nothing can be added after it. */
    void addClose(int code, String reason) {
        add(null, reason, code, -1);
        synchronized (this) {
            closed = true;
        }
    }

    private synchronized void add(String key, String text, int closeCode, long acceptedAt) {
        if (closed) {
            return;
        }
        Frame frame = new Frame(key, text, closeCode, acceptedAt);
        if (key != null) {
            Frame older = positions.put(key, frame);
            if (older != null) {
                older.cancelled = true;
                pendingChars -= older.text.length();
            }
        }
        pending.add(frame);
        pendingChars += text == null ? 0 : text.length();
    }

    /** Whether frames wait to be written. */
    synchronized boolean hasWork() {
        return !pending.isEmpty();
    }

    /**
     * Whether frames wait to be written or a write is still under way: a frame a writer has taken is not on the socket
     * yet, so a drain that stopped the server as soon as nothing <em>waits</em> cut off the closing handshake it was
     * about to write (the client saw 1006 instead of 1001). In this order: a writer marks itself writing before it
     * takes what waits, so once nothing waits, a take has begun and {@code writing} tells whether it is over.
     */
    boolean unwritten() {
        return hasWork() || writing.get();
    }

    /** Characters waiting to be written (a client that stops reading shows here). */
    long pendingChars() {
        return pendingChars;
    }

    /** How long the write in progress has been blocked (ns), 0 when none is in progress. */
    long writeBlockedNanos(long nowNanos) {
        long started = writeStartedNanos;
        return started == 0 ? 0 : nowNanos - started;
    }

    /**
     * Writes everything waiting, in order, unless another thread is writing (that one then writes what was added
     * meanwhile too). Blocks while the socket is full. A failed write discards the rest and runs {@code onBroken}.
     */
    void flush() {
        while (writing.compareAndSet(false, true)) {
            try {
                for (List<Frame> batch = take(); !batch.isEmpty(); batch = take()) {
                    if (!write(batch)) {
                        return;
                    }
                }
            } finally {
                writeStartedNanos = 0;
                writing.set(false);
            }
            if (!hasWork()) {
                return; // else: added after our last take, before we let go of writing
            }
        }
    }

    private synchronized List<Frame> take() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Frame> batch = pending;
        pending = new ArrayList<>();
        positions.clear();
        pendingChars = 0;
        return batch;
    }

    private boolean write(List<Frame> batch) {
        try {
            for (Frame frame : batch) {
                if (frame.cancelled) {
                    continue;
                }
                writeStartedNanos = System.nanoTime();
                if (frame.closeCode != 0) {
                    out.close(frame.closeCode, frame.text);
                    return false;
                } else if (frame.text == null) {
                    out.ping();
                } else {
                    out.send(frame.text);
                    if (frame.acceptedAt >= 0) {
                        onDelivered.accept(frame.acceptedAt);
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            close();
            onBroken.run();
            return false;
        }
    }

    /** Nothing more is written; what waits is dropped (the connection is gone). */
    synchronized void close() {
        closed = true;
        pending = new ArrayList<>();
        positions.clear();
        pendingChars = 0;
    }

    /** For {@link DeliveryWorkers}: true if this outbox was not already waiting for a worker (then it is now). */
    boolean markScheduled() {
        return scheduled.compareAndSet(false, true);
    }

    /** For {@link DeliveryWorkers}: a worker took it; a later {@link #markScheduled} queues it again. */
    void unmarkScheduled() {
        scheduled.set(false);
    }
}
