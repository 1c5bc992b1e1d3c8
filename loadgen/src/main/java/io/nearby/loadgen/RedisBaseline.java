package io.nearby.loadgen;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The raw baseline: bare Redis PUBLISH → SUBSCRIBE with Jedis on the same machine, shaped like the server's own use of
 * Redis. One subscriber connection subscribed to as many channels as the server under test holds (a user channel and
 * a control channel per connected user), {@code publishers} connections each publishing synchronously (as the
 * server's publish pool does) messages of the server's size and form ({@code L|<id>|lat,lon,ts,<nanoTime>}, ~75
 * bytes) to random user channels. The subscriber takes the send time out of the message: publisher and subscriber
 * share this JVM's {@link System#nanoTime()}.
 *
 * <p>Two phases: {@link #maxRate} (publishers as fast as Redis answers: the ceiling of deliveries/s) and
 * {@link #paced} (the offered rate of the server run: latency at equal load).
 */
final class RedisBaseline implements AutoCloseable {
    private static final Duration WARMUP = Duration.ofSeconds(2);
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final URI redis;
    private final int userChannels;
    private final int publishers;
    private final Optional<Long> redisPid;
    private final LongAdder delivered = new LongAdder();
    private final Recorder latency = new Recorder(LoadCounters.MAX_MICROS, 3);
    private final Subscriber subscriber = new Subscriber();
    private final Thread subscriberThread;
    private final Jedis subscriberConnection;

    /** Connects and subscribes; returns once Redis confirmed every subscription. */
    RedisBaseline(URI redis, int userChannels, int publishers, Optional<Long> redisPid) throws InterruptedException {
        this.redis = redis;
        this.userChannels = userChannels;
        this.publishers = publishers;
        this.redisPid = redisPid;
        String[] channels = new String[userChannels * 2];
        for (int i = 0; i < userChannels; i++) {
            channels[2 * i] = userChannel(i);
            channels[2 * i + 1] = "bl:c:" + i;
        }
        subscriberConnection = new Jedis(redis);
        subscriberThread = Thread.ofPlatform().name("baseline-subscriber").daemon().start(
                () -> subscriberConnection.subscribe(subscriber, channels));
        if (!subscriber.allSubscribed.await(60, TimeUnit.SECONDS) || subscriber.getSubscribedChannels() < channels.length) {
            throw new IllegalStateException("baseline subscriber did not get " + channels.length + " subscriptions");
        }
    }

    int channels() {
        return userChannels * 2;
    }

    int publishers() {
        return publishers;
    }

    /** Publishers as fast as Redis answers, for {@code duration} after a short warm-up. */
    BaselinePhase maxRate(Duration duration) throws InterruptedException {
        return run(duration, 0);
    }

    /** The publishers together offer {@code perSecond} messages a second (each on its own even schedule). */
    BaselinePhase paced(Duration duration, double perSecond) throws InterruptedException {
        return run(duration, perSecond);
    }

    private BaselinePhase run(Duration duration, double perSecond) throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        LongAdder published = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            long intervalNanos = perSecond > 0 ? (long) (1e9 * publishers / perSecond) : 0;
            threads.add(Thread.ofPlatform().name("baseline-publisher-" + p).daemon()
                    .start(() -> publish(intervalNanos, stop, measuring, published)));
        }
        Thread.sleep(WARMUP.toMillis());
        Optional<ProcStats.ProcessSample> redisBefore = redisPid.flatMap(ProcStats::sample);
        long cpuBefore = jvmCpuNanos();
        long deliveredBefore = delivered.sum();
        latency.getIntervalHistogram();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(duration.toMillis());
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long cpuAfter = jvmCpuNanos();
        Optional<ProcStats.ProcessSample> redisAfter = redisPid.flatMap(ProcStats::sample);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        // messages published inside the window may still be on their way: give them a moment
        long sentInWindow = published.sum();
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (delivered.sum() - deliveredBefore < sentInWindow && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long deliveredInWindow = delivered.sum() - deliveredBefore;
        Histogram h = latency.getIntervalHistogram();
        double seconds = elapsed / 1e9;
        double redisCores = redisBefore.isPresent() && redisAfter.isPresent()
                ? ProcStats.cpuCores(redisBefore.get(), redisAfter.get()) : Double.NaN;
        return new BaselinePhase(perSecond, seconds, sentInWindow, Math.min(deliveredInWindow, sentInWindow),
                LatencySummary.of(h), redisCores, (cpuAfter - cpuBefore) / 1e9 / seconds, h);
    }

    private void publish(long intervalNanos, AtomicBoolean stop, AtomicBoolean measuring, LongAdder published) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        try (Jedis jedis = new Jedis(redis)) {
            long due = System.nanoTime() + (intervalNanos > 0 ? rnd.nextLong(intervalNanos) : 0);
            while (!stop.get()) {
                if (intervalNanos > 0) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    due += intervalNanos;
                }
                int user = rnd.nextInt(userChannels);
                boolean counted = measuring.get();
                long now = System.nanoTime();
                // the server's form: L|<id>|lat,lon,ts,receivedAt — with the send nanoTime as the last number
                String message = "L|u" + user + "|" + (37 + rnd.nextDouble()) + "," + (-122 - rnd.nextDouble()) + ","
                        + System.currentTimeMillis() + "," + now;
                jedis.publish(userChannel(user), (counted ? "m" : "w") + message);
                if (counted) {
                    published.increment();
                }
            }
        }
    }

    private static String userChannel(int i) {
        return "bl:u:" + i;
    }

    private static long jvmCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    @Override
    public void close() {
        try {
            if (subscriber.isSubscribed()) {
                subscriber.unsubscribe();
            }
            subscriberThread.join(5000);
        } catch (RuntimeException | InterruptedException e) {
            // the connection is closed below either way
        } finally {
            subscriberConnection.close();
        }
    }

    /** Counts and times messages published inside a measured window ("m" prefix); warm-up ones ("w") are ignored. */
    private final class Subscriber extends JedisPubSub {
        final CountDownLatch allSubscribed = new CountDownLatch(1);

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (subscribedChannels == userChannels * 2) {
                allSubscribed.countDown();
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            long now = System.nanoTime();
            if (message.charAt(0) != 'm') {
                return;
            }
            long sent = Long.parseLong(message, message.lastIndexOf(',') + 1, message.length(), 10);
            delivered.increment();
            latency.recordValue(Math.max(0, Math.min(LoadCounters.MAX_MICROS, (now - sent) / 1000)));
        }
    }
}
