package io.nearby.ring.pubsub;

import io.nearby.ring.pubsub.CommandQueue.Entry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * The commands this process sends to one Redis server without waiting — PUBLISH, and the location cache's writes —
 * pipelined over ONE connection. {@link #submit} only puts the command on the bounded {@link CommandQueue} and
 * returns: it never touches the network and never waits for Redis. ONE platform daemon thread,
 * {@code nearby-redis-writer[host:port]}, owns the connection and drains the queue in order, up to
 * {@code publishBatchSize} commands per Jedis pipeline (all written, then all replies read), so the commands of one
 * server reach it in the order they were queued and a batch costs one round trip. The thread sleeps when the queue is
 * empty and is woken by the offer that makes it non-empty: under load one wake-up carries many commands.
 *
 * <p>One writer per Redis server per process ({@link RedisWriters}): when the location cache and a Pub/Sub node are
 * the same server, a location's cache write and its publish share a pipeline.
 *
 * <p>Losses are counted in each command's {@link WriteTally}, never thrown: a full queue refuses at once; a batch whose
 * write or replies fail (server down, connection broken, no reply within {@code socketTimeout}) is lost and the
 * connection replaced, with the reconnect {@link Backoff}; while the server cannot be reached, queued commands wait at
 * most {@code publishMaxAge} and are then dropped rather than sent late. The connection is made when there is
 * something to send; {@link #reset} (the server's subscriber connection came back) makes the writer reconnect at once.
 *
 * <p>Thread-safe. {@link #close} lets the thread send what is already queued for at most {@link #CLOSE_FLUSH}, then
 * drops the rest, and returns within about a second with the thread stopped and the connection closed.
 */
public final class PipelinedWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PipelinedWriter.class.getName());
    /** How long {@link #close} lets the writer thread send what is already queued. */
    static final Duration CLOSE_FLUSH = Duration.ofMillis(500);
    private static final Duration JOIN_GRACE = Duration.ofMillis(300);
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RedisAddress address;
    private final PubSubConfig config;
    private final RedisSecurity security;
    private final JedisClientConfig clientConfig;
    private final CommandQueue queue;
    private final Thread thread;
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
    // writer thread only
    private boolean warned;
    private long lastReplyErrorLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;

    /** Starts the writer thread; it connects when the first command is queued (never here). */
    PipelinedWriter(RedisAddress address, PubSubConfig config, String clientName, RedisSecurity security) {
        this.address = address;
        this.config = config;
        this.security = security;
        this.queue = new CommandQueue(config.publishQueueCapacity(), config.publishMaxAge().toNanos());
        // AUTH (if any) is sent by Jedis on every Connection made from this config: each reconnect authenticates
        this.clientConfig = security.applyTo(DefaultJedisClientConfig.builder()).clientName(clientName)
                .connectionTimeoutMillis(millis(config.connectTimeout()))
                .socketTimeoutMillis(millis(config.socketTimeout()))
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build();
        this.thread = Thread.ofPlatform().daemon().name("nearby-redis-writer[" + address + "]").unstarted(this::run);
        thread.start();
    }

    public String address() {
        return address.uri();
    }

    /** The credentials and TLS trust its connections use. */
    RedisSecurity security() {
        return security;
    }

    /**
     * Queues the command; never blocks on the network, never throws.
     *
     * @return true if queued, false if refused at once (queue full or closed; counted in {@code tally})
     */
    public boolean submit(RedisCommand command, WriteTally tally) {
        return submit(command, tally, null);
    }

    /**
     * {@link #submit(RedisCommand, WriteTally)}, with {@code reply} completed with Redis' answer, or exceptionally
     * ({@link RedisWriteException}) when the command was refused, dropped, failed or answered with an error.
     */
    public boolean submit(RedisCommand command, WriteTally tally, CompletableFuture<Object> reply) {
        if (queue.offer(command, tally, reply, System.nanoTime())) {
            return true;
        }
        if (!closed) {
            warnFull();
        }
        return false;
    }

    /** The server is reachable again (its subscriber reconnected): replace the connection now, skip the backoff. */
    void reset() {
        reconnectNow = true;
        LockSupport.unpark(thread);
    }

    /** Pipelines written and answered (round trips), since start (commands / batches = the mean batch size). */
    public long batches() {
        return batches.sum();
    }

    /** Commands waiting in the queue now. */
    public int queueDepth() {
        return queue.depth();
    }

    /** The connection is open (it opens on the first command and after every loss, when there is work). */
    boolean connected() {
        return connected;
    }

    /** Why the connection is down (the last error, e.g. {@code WRONGPASS …}), while it is; empty when connected. */
    public java.util.Optional<String> connectionProblem() {
        String error = lastError;
        return connected || downSinceMillis < 0 || error == null ? java.util.Optional.empty()
                : java.util.Optional.of(error);
    }

    /** One line for the health endpoint. */
    String detail() {
        String counts = "write queue " + queue.depth() + "/" + queue.capacity();
        long since = downSinceMillis;
        if (connected || since < 0) {
            return counts;
        }
        return counts + ", writer connection down for " + (System.currentTimeMillis() - since) + " ms: " + lastError;
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

    // ---- writer thread ----

    private void run() {
        Backoff backoff = new Backoff(config.reconnectBackoffStart(), config.reconnectBackoffCap(),
                ThreadLocalRandom.current());
        List<Entry> batch = new ArrayList<>(Math.min(config.publishBatchSize(), 4_096));
        Connection connection = null;
        try {
            while (!closed) {
                try {
                    if (reconnectNow) {
                        reconnectNow = false;
                        connection = disconnect(connection);
                    }
                    if (!queue.await(IDLE_WAIT_NANOS) || closed) {
                        continue;
                    }
                    if (connection == null) {
                        connection = connect();
                        if (connection == null) {
                            // the commands keep waiting in the queue, in order, until they are too old
                            queue.expire(System.nanoTime());
                            pause(backoff.next());
                            continue;
                        }
                    }
                    batch.clear();
                    queue.take(batch, config.publishBatchSize(), 0);
                    if (batch.isEmpty()) {
                        continue;
                    }
                    boolean sent = send(connection, batch);
                    batch.clear();
                    if (sent) {
                        backoff.reset();
                    } else {
                        connection = disconnect(connection);
                        pause(backoff.next());
                    }
                } catch (RuntimeException e) {
                    // a bug, not Redis (send and connect handle those): keep writing on a fresh connection
                    LOG.log(Level.ERROR, "writer thread of " + address + " failed; it goes on", e);
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
    private boolean send(Connection connection, List<Entry> batch) {
        try {
            Pipeline pipeline = new Pipeline(connection);
            for (Entry entry : batch) {
                entry.command().appendTo(pipeline);
            }
            List<Object> replies = pipeline.syncAndReturnAll();
            batches.increment();
            int errors = 0;
            Object firstError = null;
            int next = 0;
            for (Entry entry : batch) {
                boolean several = entry.command() instanceof RedisCommand.GetEach;
                int count = entry.command().replyCount();
                Object reply;
                Object error;
                if (!several) {
                    reply = next < replies.size() ? replies.get(next) : null;
                    error = reply instanceof Exception ? reply : null;
                } else {
                    // a command of several replies (GetEach) gets them all as its reply, errors included, in order
                    List<Object> own = replies.subList(Math.min(next, replies.size()), Math.min(next + count, replies.size()));
                    reply = new ArrayList<>(own);
                    error = own.stream().filter(r -> r instanceof Exception).findFirst().orElse(null);
                }
                next += count;
                if (error == null) {
                    entry.tally().wrote(1);
                    entry.answered(reply);
                } else {
                    entry.tally().fail(1);
                    firstError = errors++ == 0 ? error : firstError;
                    if (!several) {
                        entry.lost("Redis answered " + error, (Throwable) error);
                    } else {
                        entry.answered(reply); // the caller uses the replies that are values
                    }
                }
            }
            if (errors > 0) {
                replyErrors(errors, firstError);
            }
            return true;
        } catch (RuntimeException e) {
            lost(batch, e);
            return false;
        }
    }

    private void lost(List<Entry> batch, RuntimeException cause) {
        for (Entry entry : batch) {
            entry.tally().fail(1);
            entry.lost("the connection failed: " + Failures.describe(cause), cause);
        }
        down(cause, batch.size());
    }

    private Connection connect() {
        return closed ? null : open();
    }

    private Connection open() {
        OneShotSocketFactory factory = new OneShotSocketFactory(address, millis(config.connectTimeout()),
                millis(config.socketTimeout()), security);
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
     * made unless the server is known to be down (a connect that hangs is cut short by {@link #close}).
     */
    private void finish(Connection connection, List<Entry> batch) {
        long deadline = closed ? closeDeadlineNanos : System.nanoTime();
        try {
            if (connection == null && downSinceMillis < 0 && (!batch.isEmpty() || queue.depth() > 0)
                    && System.nanoTime() - deadline < 0) {
                connection = open();
            }
            while (connection != null && System.nanoTime() - deadline < 0) {
                if (batch.isEmpty() && (!queue.take(batch, config.publishBatchSize(), 0) || batch.isEmpty())) {
                    break;
                }
                boolean sent = send(connection, batch);
                batch.clear();
                if (!sent) {
                    connection = disconnect(connection);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            batch.forEach(e -> {
                e.tally().drop(1);
                e.lost("still queued at close");
            });
            int dropped = batch.size() + queue.discard();
            batch.clear();
            disconnect(connection);
            if (dropped > 0) {
                LOG.log(Level.WARNING, () -> "closing the Redis writer of " + address + ": dropped " + dropped
                        + " queued commands not sent within " + CLOSE_FLUSH.toMillis() + " ms");
            }
        }
    }

    private void up() {
        connected = true;
        downSinceMillis = -1;
        if (warned) {
            warned = false;
            LOG.log(Level.INFO, () -> "writer connection to " + address + " re-established; commands lost meanwhile"
                    + " are counted");
        } else {
            LOG.log(Level.DEBUG, () -> "writer connection to " + address + " established");
        }
    }

    private void down(RuntimeException cause, int lostBatch) {
        String error = Failures.describe(cause);
        lastError = error;
        connected = false;
        if (downSinceMillis < 0) {
            downSinceMillis = System.currentTimeMillis();
        }
        String lost = lostBatch > 0 ? "; a batch of " + lostBatch + " commands was lost" : "";
        if (!warned) {
            warned = true;
            LOG.log(Level.WARNING, () -> "writer connection to " + address + " failed (" + error + ")" + lost
                    + "; reconnecting, queued commands wait up to " + config.publishMaxAge().toMillis()
                    + " ms and are then dropped; further failures are only counted until it works again");
        } else {
            LOG.log(Level.DEBUG, () -> "writer connection to " + address + " failed again: " + error + lost);
        }
    }

    private void replyErrors(int errors, Object first) {
        long now = System.nanoTime();
        if (now - lastReplyErrorLogNanos >= LOG_INTERVAL_NANOS) {
            lastReplyErrorLogNanos = now;
            LOG.log(Level.WARNING, () -> "Redis " + address + " refused " + errors + " commands of a batch (" + first
                    + "); logged every " + TimeUnit.NANOSECONDS.toSeconds(LOG_INTERVAL_NANOS) + " s at most");
        }
    }

    private void warnFull() {
        long now = System.nanoTime();
        long last = lastFullLogNanos.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastFullLogNanos.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, () -> "write queue of " + address + " is full (" + queue.capacity()
                    + " commands): commands are dropped (counted) until it drains; " + (connected
                    ? "this process sends faster than the server takes them" : "the server cannot be reached")
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
