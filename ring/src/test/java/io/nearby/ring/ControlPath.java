package io.nearby.ring;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * A trivial Pub/Sub path beside the product's, to measure what the machine does to any such path at any moment: every
 * 2 ms a ticker hands a PUBLISH of its timestamp to a new virtual thread, as {@link SteadyLoad} does, which sends it
 * with plain Jedis to one Redis node; a platform thread subscribed there with plain Jedis receives it. A message that
 * takes longer than {@link #STALL_NANOS} marks {@code [sent, received]} as a stall in the {@link PauseMonitor}: the
 * virtual-thread carriers, a Redis reader thread, the JVM or redis-server itself could not run in time, for reasons
 * that have nothing to do with the product's routing (it plays no part here). Those stalls are what product updates
 * in flight at the same time are excused.
 *
 * <p>The path shares the JVM, the carriers, the cores and a Redis node with the product, so it is starved exactly when
 * they are; it adds ~500 small messages a second.
 */
final class ControlPath implements AutoCloseable {
    private static final String CHANNEL = "control:path";
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** A message slower than this saw a stall (normal: well under a millisecond). */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Jedis publisher;
    private final ReentrantLock publishing = new ReentrantLock();
    private final Jedis subscriber;
    private final JedisPubSub listener;
    private final ExecutorService hops = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong slowest = new AtomicLong();
    private final Thread reader;
    private final Thread ticker;
    private volatile boolean running = true;

    ControlPath(String redisUrl, PauseMonitor stalls) throws InterruptedException {
        this.publisher = new Jedis(URI.create(redisUrl));
        this.subscriber = new Jedis(URI.create(redisUrl));
        this.listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                long now = System.nanoTime();
                long sent = Long.parseLong(message);
                received.incrementAndGet();
                slowest.accumulateAndGet(now - sent, Math::max);
                if (now - sent > STALL_NANOS) {
                    stalls.record(sent, now);
                }
            }
        };
        this.reader = Thread.ofPlatform().daemon().name("control-path-reader").start(() -> {
            try {
                subscriber.subscribe(listener, CHANNEL);
            } catch (RuntimeException e) {
                // closed
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listener.isSubscribed() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        this.ticker = Thread.ofPlatform().daemon().name("control-path-ticker").start(this::tick);
    }

    private void tick() {
        long due = System.nanoTime();
        while (running) {
            due += TICK_NANOS;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long sent = System.nanoTime();
            hops.execute(() -> {
                publishing.lock();
                try {
                    publisher.publish(CHANNEL, Long.toString(sent));
                } catch (RuntimeException e) {
                    // closed
                } finally {
                    publishing.unlock();
                }
            });
        }
    }

    /** Messages received and the slowest one, for the measurements. */
    @Override
    public String toString() {
        return String.format("control path since start: %,d messages, slowest %d ms", received.get(),
                TimeUnit.NANOSECONDS.toMillis(slowest.get()));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        ticker.join();
        hops.close();
        if (listener.isSubscribed()) {
            listener.unsubscribe();
        }
        reader.join(Duration.ofSeconds(5));
        publisher.close();
        subscriber.close();
    }
}
