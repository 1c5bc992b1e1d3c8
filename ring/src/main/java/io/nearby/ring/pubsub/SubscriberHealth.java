package io.nearby.ring.pubsub;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * State of one subscriber connection for health, metrics and logs: up or down since when, the last error, how many
 * times it came back, how many times the sink threw. Logs a loss once (WARNING) and the recovery once (INFO); failed
 * reconnect attempts in between only at DEBUG. Thread-safe.
 */
final class SubscriberHealth {
    private static final System.Logger LOG = System.getLogger(SubscriberHealth.class.getName());
    private static final long SINK_LOG_INTERVAL_MILLIS = 10_000;

    private final RedisAddress address;
    private final LongAdder reconnects;
    private final LongAdder sinkFailures = new LongAdder();
    private final AtomicLong lastSinkLogMillis = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean up;
    private volatile long sinceMillis = System.currentTimeMillis();
    private volatile String lastError = "connecting";
    private volatile boolean warnedDown;

    /** @param reconnects counts the re-established connections (shared by the nodes of a Pub/Sub) */
    SubscriberHealth(RedisAddress address, LongAdder reconnects) {
        this.address = address;
        this.reconnects = reconnects;
    }

    void up(boolean reconnected) {
        long now = System.currentTimeMillis();
        long downFor = now - sinceMillis;
        up = true;
        sinceMillis = now;
        warnedDown = false;
        if (reconnected) {
            reconnects.increment();
            LOG.log(Level.INFO, () -> "subscriber connection to " + address + " re-established after " + downFor + " ms");
        } else {
            LOG.log(Level.DEBUG, () -> "subscriber connection to " + address + " established");
        }
    }

    void down(RuntimeException cause) {
        String error = Failures.describe(cause);
        lastError = error;
        if (up) {
            up = false;
            sinceMillis = System.currentTimeMillis();
        }
        if (!warnedDown) {
            warnedDown = true;
            LOG.log(Level.WARNING, () -> "subscriber connection to " + address + " down (" + error + "); reconnecting");
        } else {
            LOG.log(Level.DEBUG, () -> "reconnect to " + address + " failed: " + error);
        }
    }

    void sinkFailed(RuntimeException e) {
        sinkFailures.increment();
        long now = System.currentTimeMillis();
        long last = lastSinkLogMillis.get();
        if (now - last >= SINK_LOG_INTERVAL_MILLIS && lastSinkLogMillis.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "message sink threw on the reader thread of " + address + " (logged every "
                    + SINK_LOG_INTERVAL_MILLIS / 1000 + " s at most)", e);
        }
    }

    boolean isUp() {
        return up;
    }

    long sinkFailures() {
        return sinkFailures.sum();
    }

    /** One line for the health endpoint. */
    String detail(int desired, int confirmed) {
        long forMillis = System.currentTimeMillis() - sinceMillis;
        return up
                ? "subscribed to " + desired + " channels (" + confirmed + " confirmed), up for " + forMillis + " ms"
                : "subscriber connection down for " + forMillis + " ms: " + lastError;
    }
}
