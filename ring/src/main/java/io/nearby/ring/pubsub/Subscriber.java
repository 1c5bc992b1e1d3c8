package io.nearby.ring.pubsub;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;

/**
 * The ONE subscriber connection of this process to one Redis node, driven by two platform daemon threads. The
 * <b>reader</b> ({@code nearby-pubsub-reader[host:port]}) owns the connection's life: connect, run the blocking Jedis
 * read loop (every callback runs here), and after a loss reconnect with capped exponential backoff and jitter. The
 * <b>writer</b> ({@code nearby-pubsub-writer[host:port]}) is the only thread that sends on the connection: batched
 * SUBSCRIBE/UNSUBSCRIBE taken from the {@link SubscriptionDesk}, and a PING every {@code pingInterval}. Callers never
 * touch the connection, so concurrent subscribe/unsubscribe cannot race inside Jedis (jedis #933, #996).
 *
 * <p>The connection counts as established once Redis confirms the process's keepalive channel (SUBSCRIBE needs at
 * least one channel, and the Jedis read loop ends when none is left); only then are other channels sent. A connection
 * on which nothing arrives for {@code pingInterval + pongTimeout} (half-open, or Redis frozen) ends with a read
 * timeout and is replaced.
 */
final class Subscriber implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Subscriber.class.getName());
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(1);

    private final RedisAddress address;
    private final PubSubConfig config;
    private final MessageSink sink;
    private final String keepaliveChannel;
    private final JedisClientConfig clientConfig;
    private final Runnable onReconnected;
    private final SubscriptionDesk desk;
    private final SubscriberHealth health;
    private final LongAdder received;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread reader;
    private final Thread writer;

    /**
     * Starts both threads; the connection is made in the background (this constructor never waits for Redis).
     *
     * @param sink receives messages and {@link MessageSink#resubscribed} on the reader thread
     * @param onReconnected runs on the reader thread when a lost connection is re-established (e.g. to make the
     *     publisher replace its connection at once rather than after its backoff)
     */
    Subscriber(RedisAddress address, PubSubConfig config, MessageSink sink, String keepaliveChannel, String clientName,
            Runnable onReconnected, PubSubCounters counters) {
        this.address = address;
        this.config = config;
        this.sink = sink;
        this.keepaliveChannel = keepaliveChannel;
        this.onReconnected = onReconnected;
        this.received = counters.received;
        this.health = new SubscriberHealth(address, counters.reconnects);
        this.desk = new SubscriptionDesk(address.toString(), config, this::notifyResubscribed);
        this.clientConfig = DefaultJedisClientConfig.builder().clientName(clientName)
                .connectionTimeoutMillis(millis(config.connectTimeout()))
                .socketTimeoutMillis(millis(config.socketTimeout()))
                .blockingSocketTimeoutMillis(millis(config.silenceTimeout()))
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build();
        this.reader = Thread.ofPlatform().daemon().name("nearby-pubsub-reader[" + address + "]").unstarted(this::readLoop);
        this.writer = Thread.ofPlatform().daemon().name("nearby-pubsub-writer[" + address + "]").unstarted(this::writeLoop);
        reader.start();
        writer.start();
    }

    SubscriptionDesk desk() {
        return desk;
    }

    SubscriberHealth health() {
        return health;
    }

    /** Stops both threads and closes the connection, within ~1 s; pending subscribe futures fail. Idempotent. */
    @Override
    public void close() {
        Session current = desk.close();
        closing.countDown();
        if (current != null) {
            current.socket.close();
        }
        join(reader);
        join(writer);
    }

    // ---- Listener callbacks, on the reader thread ----

    void onConfirmed(Session session, String channel, boolean subscribed) {
        if (!channel.equals(keepaliveChannel)) {
            desk.confirmed(session, channel, subscribed);
        } else if (subscribed && !session.established) {
            boolean reconnected = desk.establish(session);
            if (session.established) {
                health.up(reconnected);
            }
            if (reconnected) {
                onReconnected.run();
            }
        }
    }

    void onPong(Session session) {
        desk.replied(session);
    }

    void onMessage(String channel, String message) {
        if (channel.equals(keepaliveChannel)) {
            return;
        }
        received.increment();
        try {
            sink.onMessage(channel, message);
        } catch (RuntimeException e) {
            health.sinkFailed(e);
        }
    }

    private void notifyResubscribed(Set<String> channels) {
        if (channels.isEmpty()) {
            return;
        }
        try {
            sink.resubscribed(channels);
        } catch (RuntimeException e) {
            health.sinkFailed(e);
        }
    }

    // ---- reader thread ----

    private void readLoop() {
        Backoff backoff = new Backoff(config.reconnectBackoffStart(), config.reconnectBackoffCap(),
                ThreadLocalRandom.current());
        while (true) {
            Session session = new Session(this, new OneShotSocketFactory(address, millis(config.connectTimeout()),
                    millis(config.socketTimeout())));
            if (!desk.attach(session)) {
                return;
            }
            RuntimeException cause;
            try {
                Connection connection = new Connection(session.socket, clientConfig);
                session.listener.proceed(connection, keepaliveChannel);
                cause = new IllegalStateException("read loop ended: no channel left");
            } catch (RuntimeException e) {
                cause = e;
            }
            session.socket.close();
            if (desk.lost(session)) {
                health.down(cause);
            }
            if (session.established) {
                backoff.reset();
            }
            try {
                if (closing.await(backoff.next().toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---- writer thread ----

    private void writeLoop() {
        try {
            for (SubscriptionDesk.Work work = desk.awaitWork(); work != null; work = desk.awaitWork()) {
                send(work);
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void send(SubscriptionDesk.Work work) {
        try {
            if (!work.batch().subscribe().isEmpty()) {
                work.session().listener.subscribe(work.batch().subscribe().toArray(String[]::new));
            }
            if (!work.batch().unsubscribe().isEmpty()) {
                work.session().listener.unsubscribe(work.batch().unsubscribe().toArray(String[]::new));
            }
            if (work.ping()) {
                work.session().listener.ping();
            }
        } catch (RuntimeException e) {
            // the connection broke: closing the socket makes the reader notice now rather than at its read timeout
            LOG.log(Level.DEBUG, () -> "send on the subscriber connection to " + address + " failed: " + e);
            work.session().socket.close();
        }
    }

    private static void join(Thread thread) {
        try {
            if (!thread.join(JOIN_TIMEOUT)) {
                LOG.log(Level.WARNING, thread.getName() + " did not stop within " + JOIN_TIMEOUT.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
