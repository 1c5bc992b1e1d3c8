package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nearby.testkit.FreePorts;
import io.nearby.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The pipelined publishing path against real redis-servers: order, throughput, a node that dies and comes back, a
 * full queue, and what a closing (or leaving) node still sends. A second {@link RedisPubSub} plays the receiving
 * server. Figures are printed as {@code [measure]} lines.
 */
class RedisPublisherIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Upper bound for one {@code publish()} call that must not wait for Redis: far below what waiting would cost (a
     * connect timeout of 1 s, a socket timeout of 2 s, or forever), far above a GC or scheduling stall under load.
     */
    private static final long PUBLISH_NEVER_WAITS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Records every message per channel (lists guarded by themselves) and counts them. */
    static final class OrderSink implements MessageSink {
        private final Map<String, List<String>> messages = new ConcurrentHashMap<>();
        private final LongAdder count = new LongAdder();

        @Override
        public void onMessage(String channel, String message) {
            messages.computeIfAbsent(channel, c -> Collections.synchronizedList(new ArrayList<>())).add(message);
            count.increment();
        }

        List<String> messages(String channel) {
            List<String> list = messages.getOrDefault(channel, List.of());
            synchronized (list) {
                return List.copyOf(list);
            }
        }

        long count() {
            return count.sum();
        }
    }

    @Test
    void publishesOfOneChannelArriveInTheOrderTheyWereQueuedWhateverTheNumberOfPublishingThreads() throws Exception {
        int threads = 50;
        int each = 500;
        try (RedisServer redis = RedisServer.start(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            OrderSink sink = new OrderSink();
            try (RedisPubSub receiver = Rings.onOne(redis.url(), sink, PubSubConfig.defaults());
                    RedisPubSub publisher = Rings.onOne(redis.url(), new RecordingSink(), PubSubConfig.defaults())) {
                receiver.subscribe(List.of("turns", "free")).get(5, TimeUnit.SECONDS);
                ReentrantLock lock = new ReentrantLock();
                AtomicLong turn = new AtomicLong();
                CountDownLatch go = new CountDownLatch(1);
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int me = t;
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            // as a session does: "moved" then "gone" under its lock, from whichever thread holds it
                            lock.lock();
                            try {
                                assertThat(publisher.publish("turns", Long.toString(turn.incrementAndGet()))).isTrue();
                            } finally {
                                lock.unlock();
                            }
                            // no lock: each thread's own messages keep their order among everyone else's
                            assertThat(publisher.publish("free", me + "|" + i)).isTrue();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (var future : done) {
                    future.get(30, TimeUnit.SECONDS);
                }
                long total = 2L * threads * each;
                await("all delivered").atMost(WAIT).until(sink::count, n -> n == total);

                List<String> turns = sink.messages("turns");
                assertThat(turns).as("exactly the order in which the lock was taken")
                        .isEqualTo(LongStream.rangeClosed(1, (long) threads * each).mapToObj(Long::toString).toList());
                Map<String, List<Integer>> byThread = sink.messages("free").stream().map(m -> m.split("\\|"))
                        .collect(Collectors.groupingBy(p -> p[0], Collectors.mapping(p -> Integer.parseInt(p[1]),
                                Collectors.toList())));
                assertThat(byThread).hasSize(threads).allSatisfy((thread, seqs) -> assertThat(seqs)
                        .as("thread %s", thread).isEqualTo(IntStream.range(0, each).boxed().toList()));
                assertThat(publisher.publishFailures()).isZero();
                await().atMost(WAIT).until(publisher::published, n -> n == total);
            }
        }
    }

    @Test
    void aHundredThousandMessagesFromTwoHundredVirtualThreadsAreAllDeliveredWithoutADrop() throws Exception {
        int threads = 200;
        int each = 500;
        int total = threads * each;
        List<String> channels = IntStream.range(0, 1_000).mapToObj(i -> "load:" + i).toList();
        try (RedisServer redis = RedisServer.start()) {
            OrderSink sink = new OrderSink();
            try (RedisPubSub receiver = Rings.onOne(redis.url(), sink, PubSubConfig.defaults());
                    RedisPubSub publisher = Rings.onOne(redis.url(), new RecordingSink(), PubSubConfig.defaults())) {
                receiver.subscribe(channels).get(10, TimeUnit.SECONDS);
                publisher.publish("warm-up", "x"); // connects the publisher
                await().atMost(WAIT).until(publisher::published, n -> n == 1);

                LongAdder insidePublish = new LongAdder();
                AtomicLong slowest = new AtomicLong();
                AtomicInteger refused = new AtomicInteger();
                CountDownLatch go = new CountDownLatch(1);
                long start;
                long enqueued;
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int t = 0; t < threads; t++) {
                        int me = t;
                        pool.submit(() -> {
                            go.await();
                            for (int i = 0; i < each; i++) {
                                String channel = channels.get((me * each + i) % channels.size());
                                long before = System.nanoTime();
                                boolean queued = publisher.publish(channel, me + "|" + i);
                                long took = System.nanoTime() - before;
                                insidePublish.add(took);
                                slowest.accumulateAndGet(took, Math::max);
                                if (!queued) {
                                    refused.incrementAndGet();
                                }
                            }
                            return null;
                        });
                    }
                    start = System.nanoTime();
                    go.countDown();
                }
                enqueued = System.nanoTime();
                long deadline = start + WAIT.toNanos();
                while (sink.count() < total && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(200_000);
                }
                long delivered = System.nanoTime();
                RedisNode node = publisher.nodes().getFirst();
                double seconds = (delivered - start) / 1e9;
                System.out.printf("[measure] pipelined publisher: %,d messages from %d virtual threads: publish() took"
                        + " %.2f us on average (slowest %.2f ms), all queued after %d ms; all %,d delivered to the"
                        + " subscriber after %d ms = %,.0f msgs/s; %,d pipelines (mean batch %.0f); dropped %d, failed"
                        + " %d%n", total, threads, insidePublish.sum() / 1e3 / total, slowest.get() / 1e6,
                        TimeUnit.NANOSECONDS.toMillis(enqueued - start), sink.count(),
                        TimeUnit.NANOSECONDS.toMillis(delivered - start), total / seconds, node.writer().batches(),
                        (publisher.published() - 1) / (double) Math.max(1, node.writer().batches() - 1),
                        publisher.publishDropped(), publisher.publishFailed());

                assertThat(refused).hasValue(0);
                assertThat(sink.count()).isEqualTo(total);
                // the subscriber can have everything before the publisher has read the replies of its last pipeline:
                // published() counts acknowledged replies, so wait for those rather than for the deliveries
                await("every publish acknowledged").atMost(WAIT).until(publisher::published, n -> n == total + 1L);
                assertThat(publisher.publishDropped()).isZero();
                assertThat(publisher.publishFailed()).isZero();
                assertThat(publisher.published()).isEqualTo(total + 1L);
                assertThat(publisher.publishQueueDepth()).isZero();
                // one node, one connection, one queue: each thread's messages arrive in its order, whatever the channel
                Map<String, Integer> last = new java.util.HashMap<>();
                for (String channel : channels) {
                    for (String message : sink.messages(channel)) {
                        String[] parts = message.split("\\|");
                        int seq = Integer.parseInt(parts[1]);
                        assertThat(seq).isGreaterThan(last.getOrDefault(parts[0] + "@" + channel, -1));
                        last.put(parts[0] + "@" + channel, seq);
                    }
                }
                System.out.printf("[measure] for comparison, the former path (blocking PUBLISH on a JedisPool of 8,"
                        + " 1 s borrow wait): %s%n", blockingPoolBaseline(redis.url(), channels, threads, each));
            }
        }
    }

    /** The same load through a pool of 8 connections, one blocking PUBLISH per message, as before the queue. */
    private static String blockingPoolBaseline(String url, List<String> channels, int threads, int each) throws Exception {
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(8);
        config.setMaxIdle(8);
        config.setMaxWait(Duration.ofSeconds(1));
        config.setJmxEnabled(false);
        LongAdder failed = new LongAdder();
        try (JedisPool jedisPool = new JedisPool(config, java.net.URI.create(url))) {
            CountDownLatch go = new CountDownLatch(1);
            long start;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < threads; t++) {
                    int me = t;
                    pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            try (Jedis jedis = jedisPool.getResource()) {
                                jedis.publish(channels.get((me * each + i) % channels.size()), me + "|" + i);
                            } catch (RuntimeException e) {
                                failed.increment();
                            }
                        }
                        return null;
                    });
                }
                start = System.nanoTime();
                go.countDown();
            }
            long took = System.nanoTime() - start;
            return String.format("%,d PUBLISHes in %d ms = %,.0f msgs/s, %d failed", threads * each,
                    TimeUnit.NANOSECONDS.toMillis(took), threads * each / (took / 1e9), failed.sum());
        }
    }

    @Test
    void whileTheNodeIsDeadPublishReturnsAtOnceDropsAreCountedAndPublishingResumesAfterItsRestart() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            OrderSink sink = new OrderSink();
            try (RedisPubSub receiver = Rings.onOne(redis.url(), sink, PubSubConfig.defaults());
                    RedisPubSub publisher = Rings.onOne(redis.url(), new RecordingSink(), PubSubConfig.defaults())) {
                receiver.subscribe(List.of("k")).get(5, TimeUnit.SECONDS);
                publisher.publish("k", "before");
                await().atMost(WAIT).until(() -> sink.messages("k").equals(List.of("before")));

                redis.kill();
                long slowest = 0;
                int accepted = 0;
                for (int i = 0; i < 300; i++) { // 3 s, longer than publishMaxAge
                    long before = System.nanoTime();
                    accepted += publisher.publish("k", "down" + i) ? 1 : 0;
                    slowest = Math.max(slowest, System.nanoTime() - before);
                    Thread.sleep(10);
                }
                assertThat(accepted).as("queued: the queue is far from full").isEqualTo(300);
                // waiting for the dead node would take a connect timeout (1 s) or a socket timeout (2 s) at least;
                // the bound sits far below that and far above any scheduling or GC stall of a loaded machine
                assertThat(slowest).as("publish never waits for the dead node").isLessThan(PUBLISH_NEVER_WAITS);
                await("every message of the outage dropped or failed, none waiting").atMost(WAIT)
                        .until(() -> publisher.publishDropped() + publisher.publishFailed() == 300
                                && publisher.publishQueueDepth() == 0);
                assertThat(publisher.health()).singleElement().satisfies(h -> assertThat(h.detail())
                        .contains("writer connection down for"));
                System.out.printf("[measure] node dead for 3 s: 300 publishes, the slowest returned after %d us;"
                        + " %d dropped (older than publishMaxAge), %d failed (in a broken pipeline)%n",
                        TimeUnit.NANOSECONDS.toMicros(slowest), publisher.publishDropped(), publisher.publishFailed());

                long restarting = System.nanoTime();
                redis.restart();
                await("publishing resumes").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                        .until(() -> publisher.publish("k", "after") && sink.messages("k").contains("after"));
                System.out.printf("[measure] restart -> first publish delivered again: %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting));
                assertThat(sink.messages("k")).as("nothing of the outage is delivered late")
                        .noneMatch(m -> m.startsWith("down"));
                // the last "after" may still be between the queue and its acknowledgement (depth 0, not yet
                // published): wait for the balance itself
                await("every queued message accounted for").atMost(WAIT).until(() -> publisher.publishQueueDepth() == 0
                        && publisher.publishQueued()
                                == publisher.published() + publisher.publishDropped() + publisher.publishFailed());
            }
        }
    }

    @Test
    void aFullQueueDropsAtOnceAndCountsAndCloseIsFastAndLeavesNoThreads() throws Exception {
        int port = FreePorts.next(); // nothing listens: the queue cannot drain
        PubSubConfig config = Tuning.defaults().publishing(10, 1_000, Duration.ofMinutes(1)).build();
        RedisPubSub pubsub = Rings.onOne("redis://127.0.0.1:" + port, new RecordingSink(), config);
        List<Boolean> results = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < 15; i++) {
            long before = System.nanoTime();
            results.add(pubsub.publish("ch", "m" + i));
            slowest = Math.max(slowest, System.nanoTime() - before);
        }
        assertThat(results.subList(0, 10)).containsOnly(true);
        assertThat(results.subList(10, 15)).as("queue full: dropped at once").containsOnly(false);
        System.out.printf("[measure] full queue, nothing listening: the slowest of 15 publishes returned after %d us%n",
                TimeUnit.NANOSECONDS.toMicros(slowest));
        // a publish that waited for room in the queue or for the connection would block for a connect timeout (1 s)
        // or forever (the queue never drains here)
        assertThat(slowest).as("publish never waits for room or for the node").isLessThan(PUBLISH_NEVER_WAITS);
        assertThat(pubsub.publishQueued()).isEqualTo(10);
        assertThat(pubsub.publishDropped()).isEqualTo(5);
        assertThat(pubsub.publishQueueDepth()).isEqualTo(10);
        assertThat(pubsub.health()).singleElement().satisfies(h -> assertThat(h.detail()).contains("write queue 10/10"));
        assertThat(pubsub.published()).isZero();

        long start = System.nanoTime();
        pubsub.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500);
        assertThat(RedisPubSubIT.threadNames("[127.0.0.1:" + port + "]")).isEmpty();
        assertThat(pubsub.publishDropped()).as("what was still queued is dropped at close, and counted").isEqualTo(15);
        assertThat(pubsub.publishQueueDepth()).isZero();
    }

    @Test
    void closeFirstSendsWhatIsAlreadyQueued() throws Exception {
        int count = 1_000; // one pipeline
        // no message can age out while queued (publishMaxAge): what close does not send is what it dropped
        PubSubConfig config = Tuning.defaults().publishing(100_000, 1_000, Duration.ofMinutes(1)).build();
        try (RedisServer redis = RedisServer.start()) {
            OrderSink sink = new OrderSink();
            try (RedisPubSub receiver = Rings.onOne(redis.url(), sink, PubSubConfig.defaults())) {
                receiver.subscribe(List.of("last-words")).get(5, TimeUnit.SECONDS);
                RedisPubSub publisher = Rings.onOne(redis.url(), new RecordingSink(), config);
                publisher.publish("connect", "x"); // the connection is up: close has only to send
                await().atMost(WAIT).until(publisher::published, n -> n == 1);
                for (int i = 0; i < count; i++) {
                    assertThat(publisher.publish("last-words", Integer.toString(i))).isTrue();
                }
                long closing = System.nanoTime();
                publisher.close();
                long closeNanos = System.nanoTime() - closing;
                long sent = publisher.published() - 1;
                System.out.printf("[measure] close with %,d queued: %,d sent, %,d dropped, close took %d ms (flush"
                        + " time %d ms)%n", count, sent, publisher.publishDropped(),
                        TimeUnit.NANOSECONDS.toMillis(closeNanos), PipelinedWriter.CLOSE_FLUSH.toMillis());
                assertThat(publisher.publishFailed()).isZero();
                assertThat(sent + publisher.publishDropped()).as("every queued message sent or dropped, and counted")
                        .isEqualTo(count);
                await().atMost(WAIT).until(sink::count, n -> n == sent);
                assertThat(sink.messages("last-words")).as("what was sent is the head of the queue, in order")
                        .isEqualTo(IntStream.range(0, (int) sent).mapToObj(Integer::toString).toList());
                // the flush stops at the deadline only: a close that returned before it sent the whole queue
                if (closeNanos < PipelinedWriter.CLOSE_FLUSH.toNanos()) {
                    assertThat(sent).as("close returned within the flush time: everything was sent").isEqualTo(count);
                }
            }
        }
    }

    @Test
    void aNodeLeavingTheRingSendsWhatWasQueuedOnItAndEachNodeKeepsTheOrder() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start()) {
            OrderSink onA = new OrderSink();
            OrderSink onB = new OrderSink();
            try (RedisPubSub receiverA = Rings.onOne(a.url(), onA, PubSubConfig.defaults());
                    RedisPubSub receiverB = Rings.onOne(b.url(), onB, PubSubConfig.defaults());
                    // no message ages out while queued (publishMaxAge): what is not sent was dropped by a's close
                    RedisPubSub publisher = new RedisPubSub(Rings.one(a.url()), new RecordingSink(), Tuning.defaults().moveGrace(Duration.ZERO)
                                    .publishing(100_000, 1_000, Duration.ofMinutes(1)).build())) {
                receiverA.subscribe(List.of("ch")).get(5, TimeUnit.SECONDS);
                receiverB.subscribe(List.of("ch")).get(5, TimeUnit.SECONDS);
                AtomicBoolean running = new AtomicBoolean(true);
                Set<Long> accepted = ConcurrentHashMap.newKeySet();
                AtomicLong refused = new AtomicLong();
                Thread load = Thread.ofPlatform().start(() -> {
                    long seq = 0;
                    while (running.get()) {
                        for (int i = 0; i < 20; i++) {
                            seq++;
                            if (publisher.publish("ch", Long.toString(seq))) {
                                accepted.add(seq);
                            } else {
                                refused.incrementAndGet();
                            }
                        }
                        LockSupport.parkNanos(1_000_000);
                    }
                });
                MoveReport report;
                try {
                    await("messages flow through a").atMost(WAIT).until(() -> onA.count() > 0);
                    // a leaves the ring: publishing switches to b, then a is closed at once (no grace)
                    report = publisher.reroute(Rings.one(b.url()));
                    await("messages flow through b").atMost(WAIT).until(() -> onB.count() > 0);
                } finally {
                    running.set(false);
                    load.join();
                }
                assertThat(report.nodesRemoved()).containsExactly(a.url());

                // a's close sends what is queued on it for PipelinedWriter.CLOSE_FLUSH and drops (and counts) the rest
                await("every accepted message delivered or counted as lost").atMost(WAIT)
                        .until(() -> onA.count() + onB.count() + publisher.publishFailures() - refused.get()
                                >= accepted.size());
                List<Long> viaA = onA.messages("ch").stream().map(Long::parseLong).toList();
                List<Long> viaB = onB.messages("ch").stream().map(Long::parseLong).toList();
                Set<Long> lost = new java.util.TreeSet<>(accepted);
                viaA.forEach(lost::remove);
                viaB.forEach(lost::remove);
                System.out.printf("[measure] reroute under load (~20,000 msgs/s): %d messages via the old owner, %d"
                        + " via the new one, %d accepted but dropped at a's close; %d refused (racing the old owner's"
                        + " close); the reroute took %d ms (flush time %d ms)%n", viaA.size(), viaB.size(), lost.size(),
                        refused.get(), report.total().toMillis(), PipelinedWriter.CLOSE_FLUSH.toMillis());
                assertThat(viaA).as("in order on the old owner").isSorted().doesNotHaveDuplicates();
                assertThat(viaB).as("in order on the new owner").isSorted().doesNotHaveDuplicates();
                assertThat(viaA).isNotEmpty();
                assertThat(viaB).isNotEmpty();
                assertThat(viaA.getLast()).as("one publishing thread: the switch is one point in its sequence")
                        .isLessThan(viaB.getFirst());
                assertThat(lost).as("a sent the head of its queue in order: only its tail can be dropped at close")
                        .allMatch(seq -> seq > viaA.getLast() && seq < viaB.getFirst());
                assertThat(publisher.publishFailures() - refused.get()).as("every loss counted")
                        .isGreaterThanOrEqualTo(lost.size());
                // a's close (part of the reroute) stops sending at its deadline only
                if (report.total().compareTo(PipelinedWriter.CLOSE_FLUSH) < 0) {
                    assertThat(lost).as("the reroute returned within a's flush time: a sent all it had").isEmpty();
                    assertThat(publisher.publishFailures()).as("only refusals (a publish racing the close of a)")
                            .isEqualTo(refused.get());
                }
            }
        }
    }
}
