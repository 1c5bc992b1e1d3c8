package io.nearby.ring.pubsub;

import io.nearby.ring.pubsub.PublishQueue.Message;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;

/**
 * PUBLISH to one node, pipelined. {@link #publish} only puts the message on the node's bounded {@link PublishQueue}
 * and returns: it never touches the network and never waits for Redis. ONE platform daemon thread,
 * {@code nearby-pubsub-publisher[host:port]}, owns ONE connection to the node and drains the queue in order, up to
 * {@code publishBatchSize} messages per Jedis pipeline (all PUBLISH commands written, then all replies read), so the
 * messages of one node — in particular those of one channel — reach Redis in the order they were queued, and a batch
 * costs one round trip instead of one per message.
 *
 * <p>Losses are counted, never thrown: a full queue refuses the message at once ({@link #dropped}); a batch whose
 * write or reply fails (node down, connection broken, no reply within {@code socketTimeout}) is lost
 * ({@link #failed}) and the connection replaced, with the reconnect {@link Backoff}; while the node cannot be
 * reached, queued messages wait at most {@code publishMaxAge} and are then dropped ({@link #dropped}) rather than
 * sent late. The connection is made when there is something to send; when the node's subscriber connection comes
 * back ({@link #reset}) the publisher reconnects at once instead of waiting out its backoff.
 *
 * <p>Thread-safe. {@link #close} lets the thread send what is already queued for at most {@link #CLOSE_FLUSH}, then
 * drops the rest, and returns within about a second with the thread stopped and the connection closed.
 */
final class Publisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Publisher.class.getName());
    /** How long {@link #close} lets the publisher thread send what is already queued. */
    static final Duration CLOSE_FLUSH = Duration.ofMillis(500);
    private static final Duration JOIN_GRACE = Duration.ofMillis(300);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RedisAddress address;
    private final PubSubConfig config;
    private final JedisClientConfig clientConfig;
    private final PublishQueue queue;
    private final Thread thread;
    private final LongAdder published = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLong lastFullLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private volatile boolean closed;
    private volatile long closeDeadlineNanos;
    private volatile boolean reconnectNow;
    /** The socket of the current (or connecting) connection: {@link #close} closes it if the thread is stuck in I/O. */
    private volatile OneShotSocketFactory socket;
    private volatile boolean connected;
    private volatile long downSinceMillis = -1;
    private volatile String lastError;
    // publisher thread only
    private boolean warned;
    private long lastReplyErrorLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;

    /** Starts the publisher thread; it connects when the first message is queued (never here). */
    Publisher(RedisAddress address, PubSubConfig config, String clientName) {
        this.address = address;
        this.config = config;
        this.queue = new PublishQueue(config.publishQueueCapacity(), config.publishMaxAge().toNanos());
        this.clientConfig = DefaultJedisClientConfig.builder().clientName(clientName)
                .connectionTimeoutMillis(millis(config.connectTimeout()))
                .socketTimeoutMillis(millis(config.socketTimeout()))
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build();
        this.thread = Thread.ofPlatform().daemon().name("nearby-pubsub-publisher[" + address + "]").unstarted(this::run);
        thread.start();
    }

    /**
     * Queues the message for the publisher thread; never blocks on the network, never throws.
     *
     * @return true if queued, false if dropped at once because the queue is full or this is closed (counted in
     *     {@link #dropped})
     */
    boolean publish(String channel, String message) {
        if (queue.offer(channel, message, System.nanoTime())) {
            return true;
        }
        if (!closed) {
            warnFull();
        }
        return false;
    }

    /** The node is reachable again (its subscriber reconnected): replace the publisher connection now, skip the backoff. */
    void reset() {
        reconnectNow = true;
        LockSupport.unpark(thread);
    }

    /** Messages accepted by {@link #publish}, since start. */
    long queued() {
        return queue.queued();
    }

    /** Messages written to Redis and acknowledged, since start. */
    long published() {
        return published.sum();
    }

    /**
     * Messages never sent, since start: refused by {@link #publish} (queue full, closed), too old while the node could
     * not be reached, or still queued when {@link #close} gave up.
     */
    long dropped() {
        return queue.rejected() + queue.expired();
    }

    /** Messages sent in a pipeline that failed (connection broken, no reply in time) or that Redis answered with an error. */
    long failed() {
        return failed.sum();
    }

    /** Pipelines written and answered, since start (published / batches = the mean batch size). */
    long batches() {
        return batches.sum();
    }

    /** Messages waiting in the queue now. */
    int queueDepth() {
        return queue.depth();
    }

    /** The publisher connection is open (it opens on the first message and after every loss, when there is work). */
    boolean connected() {
        return connected;
    }

    /** One line for the health endpoint. */
    String detail() {
        String counts = "publish queue " + queue.depth() + "/" + queue.capacity() + ", " + published() + " published, "
                + dropped() + " dropped, " + failed() + " failed";
        long since = downSinceMillis;
        if (connected || since < 0) {
            return counts;
        }
        return counts + ", publisher connection down for " + (System.currentTimeMillis() - since) + " ms: " + lastError;
    }

    /** Stops accepting, sends what is queued for at most {@link #CLOSE_FLUSH}, drops the rest, stops the thread. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closeDeadlineNanos = System.nanoTime() + CLOSE_FLUSH.toNanos();
            closed = true;
        }
        queue.close();
        LockSupport.unpark(thread);
        if (join(CLOSE_FLUSH.plus(JOIN_GRACE))) {
            return;
        }
        // stuck in a connect, a write or a read: closing the socket makes it fail at once
        OneShotSocketFactory current = socket;
        if (current != null) {
            current.close();
        }
        if (!join(JOIN_GRACE)) {
            LOG.log(Level.WARNING, thread.getName() + " did not stop within "
                    + CLOSE_FLUSH.plus(JOIN_GRACE).plus(JOIN_GRACE).toMillis() + " ms");
        }
    }

    // ---- publisher thread ----

    private void run() {
        Backoff backoff = new Backoff(config.reconnectBackoffStart(), config.reconnectBackoffCap(),
                ThreadLocalRandom.current());
        List<Message> batch = new ArrayList<>(Math.min(config.publishBatchSize(), 4_096));
        Connection connection = null;
        try {
            while (queue.awaitMessages() && !closed) {
                try {
                    if (reconnectNow) {
                        reconnectNow = false;
                        connection = disconnect(connection);
                    }
                    if (connection == null) {
                        connection = connect();
                        if (connection == null) {
                            queue.expire(System.nanoTime());
                            pause(backoff.next());
                            continue;
                        }
                    }
                    batch.clear();
                    if (queue.drain(batch, config.publishBatchSize(), System.nanoTime()) == 0) {
                        continue;
                    }
                    if (send(connection, batch)) {
                        backoff.reset();
                    } else {
                        connection = disconnect(connection);
                        pause(backoff.next());
                    }
                } catch (RuntimeException e) {
                    // a bug, not Redis (send and connect handle those): keep publishing on a fresh connection
                    LOG.log(Level.ERROR, "publisher thread of " + address + " failed; it goes on", e);
                    connection = disconnect(connection);
                    pause(backoff.next());
                }
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread; if someone does, it ends as if closed
        } finally {
            finish(connection, batch);
        }
    }

    /** Writes the batch as one pipeline; true unless the connection failed (the batch is then lost and counted). */
    private boolean send(Connection connection, List<Message> batch) {
        try {
            Pipeline pipeline = new Pipeline(connection);
            for (Message message : batch) {
                pipeline.publish(message.channel(), message.message());
            }
            int errors = 0;
            Object firstError = null;
            for (Object reply : pipeline.syncAndReturnAll()) {
                if (reply instanceof Exception) {
                    firstError = errors == 0 ? reply : firstError;
                    errors++;
                }
            }
            batches.increment();
            published.add(batch.size() - errors);
            if (errors > 0) {
                failed.add(errors);
                replyErrors(errors, firstError);
            }
            return true;
        } catch (RuntimeException e) {
            failed.add(batch.size());
            down(e, batch.size());
            return false;
        }
    }

    private Connection connect() {
        return closed ? null : open();
    }

    private Connection open() {
        OneShotSocketFactory factory = new OneShotSocketFactory(address, millis(config.connectTimeout()),
                millis(config.socketTimeout()));
        socket = factory;
        if (closed && System.nanoTime() - closeDeadlineNanos >= 0) {
            factory.close(); // close() may have looked at the socket field just before it was set
            return null;
        }
        try {
            Connection connection = new Connection(factory, clientConfig);
            up();
            return connection;
        } catch (RuntimeException e) {
            factory.close();
            down(e, 0);
            return null;
        }
    }

    private Connection disconnect(Connection connection) {
        connected = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
        OneShotSocketFactory current = socket;
        if (current != null) {
            current.close();
        }
        return null;
    }

    /** Waits for the backoff delay, or less if closing or asked to reconnect now. */
    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        for (long left = delay.toNanos(); left > 0 && !closed && !reconnectNow; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Closing: send what is queued while the flush time lasts, drop the rest. Without a connection, one attempt is
     * made unless the node is known to be down (a connect that hangs is cut short by {@link #close}).
     */
    private void finish(Connection connection, List<Message> batch) {
        long deadline = closed ? closeDeadlineNanos : System.nanoTime();
        try {
            if (connection == null && downSinceMillis < 0 && queue.depth() > 0 && System.nanoTime() - deadline < 0) {
                connection = open();
            }
            while (connection != null && System.nanoTime() - deadline < 0) {
                batch.clear();
                if (queue.drain(batch, config.publishBatchSize(), System.nanoTime()) == 0) {
                    break;
                }
                if (!send(connection, batch)) {
                    connection = disconnect(connection);
                }
            }
        } finally {
            int dropped = queue.discard();
            disconnect(connection);
            if (dropped > 0) {
                LOG.log(Level.WARNING, () -> "closing the publisher of " + address + ": dropped " + dropped
                        + " queued publishes not sent within " + CLOSE_FLUSH.toMillis() + " ms");
            }
        }
    }

    private void up() {
        connected = true;
        downSinceMillis = -1;
        if (warned) {
            warned = false;
            LOG.log(Level.INFO, () -> "publisher connection to " + address + " re-established; publishes lost meanwhile"
                    + " are counted (" + dropped() + " dropped, " + failed() + " failed since start)");
        } else {
            LOG.log(Level.DEBUG, () -> "publisher connection to " + address + " established");
        }
    }

    private void down(RuntimeException cause, int lostBatch) {
        String error = Failures.describe(cause);
        lastError = error;
        connected = false;
        if (downSinceMillis < 0) {
            downSinceMillis = System.currentTimeMillis();
        }
        String lost = lostBatch > 0 ? "; a batch of " + lostBatch + " publishes was lost" : "";
        if (!warned) {
            warned = true;
            LOG.log(Level.WARNING, () -> "publisher connection to " + address + " failed (" + error + ")" + lost
                    + "; reconnecting, queued publishes wait up to " + config.publishMaxAge().toMillis()
                    + " ms and are then dropped; further failures are only counted until it works again");
        } else {
            LOG.log(Level.DEBUG, () -> "publisher connection to " + address + " failed again: " + error + lost);
        }
    }

    private void replyErrors(int errors, Object first) {
        long now = System.nanoTime();
        if (now - lastReplyErrorLogNanos >= LOG_INTERVAL_NANOS) {
            lastReplyErrorLogNanos = now;
            LOG.log(Level.WARNING, () -> "Redis " + address + " refused " + errors + " publishes of a batch (" + first
                    + "); logged every " + TimeUnit.NANOSECONDS.toSeconds(LOG_INTERVAL_NANOS) + " s at most");
        }
    }

    private void warnFull() {
        long now = System.nanoTime();
        long last = lastFullLogNanos.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastFullLogNanos.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, () -> "publish queue of " + address + " is full (" + queue.capacity()
                    + " messages): publishes are dropped (counted) until it drains; " + (connected
                    ? "this process publishes faster than the node takes them" : "the node cannot be reached")
                    + " (logged every " + TimeUnit.NANOSECONDS.toSeconds(LOG_INTERVAL_NANOS) + " s at most)");
        }
    }

    private boolean join(Duration timeout) {
        if (Thread.currentThread() == thread) {
            return true;
        }
        try {
            return thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
