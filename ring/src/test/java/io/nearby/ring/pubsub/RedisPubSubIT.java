package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nearby.testkit.RealServers;
import io.nearby.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pub/Sub against one real redis-server shared by the class; each test uses its own channel prefix. */
@ExtendWith(RealServers.class)
class RedisPubSubIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<RedisPubSub> opened = new ArrayList<>();
    private final String prefix = "t" + ThreadLocalRandom.current().nextInt(1_000_000) + ":";

    @AfterEach
    void closeAll() {
        opened.forEach(RedisPubSub::close);
    }

    @Test
    void aMessagePublishedByOneServerReachesTheOtherOnItsReaderThread(RedisServer redis) throws Exception {
        RecordingSink sinkA = new RecordingSink();
        RecordingSink sinkB = new RecordingSink();
        RedisPubSub serverA = open(redis, sinkA);
        RedisPubSub serverB = open(redis, sinkB);
        String channel = prefix + "user:1";

        serverB.subscribe(List.of(channel)).get(5, TimeUnit.SECONDS);
        assertThat(serverA.publish(channel, "hello")).as("queued").isTrue();

        await("message on B").atMost(WAIT).until(() -> sinkB.messages(channel), m -> m.equals(List.of("hello")));
        assertThat(sinkA.messages(channel)).isEmpty();
        assertThat(sinkB.deliveryThreads()).allMatch(name -> name.startsWith("nearby-pubsub-reader[127.0.0.1:"));
        await("acknowledged by Redis").atMost(WAIT).until(serverA::published, n -> n == 1);
        assertThat(serverA.publishQueued()).isEqualTo(1);
        assertThat(serverA.publishFailures()).isZero();
        assertThat(serverA.publishQueueDepth()).isZero();
        assertThat(serverB.messagesReceived()).isEqualTo(1);
        assertThat(serverB.subscribedChannelCount()).isEqualTo(1);
        assertThat(serverB.health()).singleElement().satisfies(h -> {
            assertThat(h.up()).isTrue();
            assertThat(h.node()).isEqualTo(redis.url());
            assertThat(h.detail()).contains("subscribed to 1 channels (1 confirmed)");
        });
        assertThat(serverA.health()).singleElement().satisfies(h -> assertThat(h.detail()).contains("write queue 0/100000"));
        await("the publish acknowledged").atMost(WAIT).until(serverA::published, n -> n == 1);
        assertThat(serverA.publishFailures()).isZero();
    }

    @Test
    void aSubscribeFutureCompletesOnlyOnceRedisConfirmedSoTheNextPublishIsDelivered(RedisServer redis) throws Exception {
        RecordingSink sink = new RecordingSink();
        RedisPubSub subscriber = open(redis, sink);
        RedisPubSub publisher = open(redis, new RecordingSink());
        for (int i = 0; i < 200; i++) {
            String channel = prefix + "fresh:" + i;
            subscriber.subscribe(List.of(channel)).get(5, TimeUnit.SECONDS);
            assertThat(publisher.publish(channel, "m" + i)).as("queued right after the future on %s", channel).isTrue();
        }
        await("200 messages: every publish after the future was delivered").atMost(WAIT)
                .until(sink::totalMessages, n -> n == 200);
    }

    @Test
    void unsubscribeStopsDelivery(RedisServer redis) throws Exception {
        RecordingSink sink = new RecordingSink();
        RedisPubSub pubsub = open(redis, sink);
        String channel = prefix + "leaving";
        String marker = prefix + "marker";
        pubsub.subscribe(List.of(channel, marker)).get(5, TimeUnit.SECONDS);
        pubsub.publish(channel, "before");
        await().atMost(WAIT).until(() -> sink.messages(channel).size() == 1);

        pubsub.unsubscribe(List.of(channel));
        try (RedisInspector redisView = new RedisInspector(redis.url())) {
            await("unsubscribed on the server").atMost(WAIT).until(() -> redisView.numsub(channel).get(channel) == 0L);
        }
        assertThat(pubsub.publish(channel, "after")).isTrue();
        pubsub.publish(marker, "flush");
        // one node, one queue, one connection: the marker reaches Redis after "after"
        await("marker, published after").atMost(WAIT).until(() -> sink.messages(marker).size() == 1);
        assertThat(sink.messages(channel)).containsExactly("before");
        assertThat(pubsub.subscribedChannelCount()).isEqualTo(1);
    }

    @Test
    void subscribingTwiceIsOneSubscription(RedisServer redis) throws Exception {
        RecordingSink sink = new RecordingSink();
        RedisPubSub pubsub = open(redis, sink);
        String channel = prefix + "twice";
        pubsub.subscribe(List.of(channel, channel)).get(5, TimeUnit.SECONDS);
        pubsub.subscribe(List.of(channel)).get(5, TimeUnit.SECONDS);
        try (RedisInspector redisView = new RedisInspector(redis.url())) {
            assertThat(redisView.numsub(channel)).containsEntry(channel, 1L);
        }
        assertThat(pubsub.publish(channel, "once")).isTrue();
        await().atMost(WAIT).until(() -> sink.messages(channel).size() == 1);
        assertThat(pubsub.subscribedChannelCount()).isEqualTo(1);
    }

    @Test
    void subscribeUnsubscribeSubscribeInQuickSuccessionEndsSubscribed(RedisServer redis) throws Exception {
        RedisPubSub pubsub = open(redis, new RecordingSink());
        List<String> channels = IntStream.range(0, 300).mapToObj(i -> prefix + "flip:" + i).toList();
        List<CompletableFuture<Void>> last = new ArrayList<>();
        for (String channel : channels) {
            pubsub.subscribe(List.of(channel));
            pubsub.unsubscribe(List.of(channel));
            last.add(pubsub.subscribe(List.of(channel)));
        }
        CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        try (RedisInspector redisView = new RedisInspector(redis.url())) {
            assertThat(redisView.channels(prefix + "flip:*")).containsExactlyInAnyOrderElementsOf(channels);
        }
        assertThat(pubsub.nodes().getFirst().confirmedChannels()).isEqualTo(300);
    }

    @Test
    void fiftyThreadsHammeringFiveHundredChannelsEndInTheDesiredSet(RedisServer redis) throws Exception {
        RecordingSink sink = new RecordingSink();
        RedisPubSub pubsub = open(redis, sink);
        List<String> channels = IntStream.range(0, 500).mapToObj(i -> prefix + "race:" + i).toList();
        List<CompletableFuture<Void>> finalSubscribes = SubscriptionHammer.hammer(pubsub, channels, 50, 2_000);
        Set<String> expected = IntStream.range(0, 500).filter(i -> i % 2 == 0).mapToObj(channels::get)
                .collect(Collectors.toSet());
        CompletableFuture.allOf(finalSubscribes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(pubsub.subscribedChannelCount()).isEqualTo(250);
        RedisNode node = pubsub.nodes().getFirst();
        try (RedisInspector redisView = new RedisInspector(redis.url())) {
            await("server side equals the desired set").atMost(WAIT)
                    .until(() -> redisView.channels(prefix + "race:*"), expected::equals);
            assertThat(redisView.numsub(expected.toArray(String[]::new)).values()).containsOnly(1L);
        }
        await("confirmed set equals the desired set").atMost(WAIT).until(node::confirmedChannels, n -> n == 250);
        for (int i = 0; i < 500; i++) {
            assertThat(pubsub.publish(channels.get(i), "x")).isTrue();
        }
        pubsub.publish(channels.getFirst(), "end");
        // in order on the one node: once "end" is here, every "x" before it has been delivered or had no subscriber
        await("the last message").atMost(WAIT).until(() -> sink.messages(channels.getFirst()).contains("end"));
        for (int i = 0; i < 500; i++) {
            assertThat(sink.messages(channels.get(i))).as("received on %s", channels.get(i))
                    .isEqualTo(i == 0 ? List.of("x", "end") : i % 2 == 0 ? List.of("x") : List.of());
        }
    }

    @Test
    void tenThousandChannelsGoOverOneSubscriberConnectionAndOnePublisherConnection(RedisServer redis) throws Exception {
        RecordingSink sink = new RecordingSink();
        RedisPubSub pubsub = open(redis, sink);
        await("connected").atMost(WAIT).until(pubsub::connected);
        List<String> channels = IntStream.range(0, 10_000).mapToObj(i -> prefix + "many:" + i).toList();

        long start = System.nanoTime();
        pubsub.subscribe(channels).get(10, TimeUnit.SECONDS);
        long subscribeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("[measure] subscribe 10,000 channels (batches of 1,000): %d ms%n", subscribeMillis);

        AtomicInteger queued = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2_000; i++) {
                String channel = channels.get(i * 5);
                pool.submit(() -> pubsub.publish(channel, "hi") ? queued.incrementAndGet() : 0);
            }
        }
        assertThat(queued).hasValue(2_000);
        await("2,000 messages").atMost(WAIT).until(sink::totalMessages, n -> n == 2_000);
        try (RedisInspector redisView = new RedisInspector(redis.url())) {
            assertThat(redisView.channels(prefix + "many:*")).hasSize(10_000);
            assertThat(redisView.clients("nearby-sub-" + pubsub.processId())).as("subscriber connections").hasSize(1);
            assertThat(redisView.clients("nearby-pub-" + pubsub.processId())).as("publisher connections")
                    .hasSize(PubSubConfig.defaults().publisherConnections());
        }
        assertThat(pubsub.nodes().getFirst().writer().connected()).isTrue();

        start = System.nanoTime();
        pubsub.unsubscribe(channels);
        try (RedisInspector redisView = new RedisInspector(redis.url())) {
            await("all unsubscribed").atMost(WAIT).until(() -> redisView.channels(prefix + "many:*").isEmpty());
        }
        System.out.printf("[measure] unsubscribe 10,000 channels until PUBSUB CHANNELS is empty: %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Test
    void aSinkThatThrowsLosesThatMessageButNotTheConnection(RedisServer redis) throws Exception {
        RecordingSink recorder = new RecordingSink();
        MessageSink flaky = (channel, message) -> {
            if (message.equals("boom")) {
                throw new IllegalStateException("sink bug");
            }
            recorder.onMessage(channel, message);
        };
        RedisPubSub pubsub = open(redis, flaky);
        String channel = prefix + "flaky";
        pubsub.subscribe(List.of(channel)).get(5, TimeUnit.SECONDS);
        pubsub.publish(channel, "boom");
        pubsub.publish(channel, "fine");
        await().atMost(WAIT).until(() -> recorder.messages(channel).equals(List.of("fine")));
        assertThat(pubsub.reconnects()).isZero();
        assertThat(pubsub.nodes().getFirst().sinkFailures()).isEqualTo(1);
    }

    @Test
    void closeStopsItsThreadsAndConnectionsWithinASecond(RedisServer redis) throws Exception {
        // the class's redis is shared: threads of an earlier test's instance may still be ending, so count ours only
        String threadTag = "[127.0.0.1:" + redis.port() + "]";
        Set<Thread> earlier = threads(threadTag);
        RedisPubSub pubsub = Rings.onOne(redis.url(), new RecordingSink(), PubSubConfig.defaults());
        Set<Thread> ours = threads(threadTag);
        ours.removeAll(earlier);
        pubsub.subscribe(List.of(prefix + "a", prefix + "b")).get(5, TimeUnit.SECONDS);
        pubsub.publish(prefix + "a", "x");
        assertThat(ours).as("subscriber reader and writer, Redis writer").hasSize(3).allMatch(Thread::isAlive);

        long start = System.nanoTime();
        pubsub.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("[measure] close: %d ms%n", closeMillis);

        assertThat(closeMillis).isLessThan(1_500);
        assertThat(ours).as("stopped").noneMatch(Thread::isAlive);
        long dropped = pubsub.publishDropped(); // "x" was sent, or dropped at close if the flush ran out of time
        assertThat(pubsub.publish(prefix + "a", "after close")).as("dropped at once").isFalse();
        assertThat(pubsub.publishDropped()).isEqualTo(dropped + 1);
        assertThat(pubsub.subscribe(List.of(prefix + "c"))).isCompletedExceptionally();
        try (RedisInspector redisView = new RedisInspector(redis.url())) {
            await("connections gone").atMost(WAIT).until(() -> redisView.clients("nearby-").stream()
                    .noneMatch(line -> line.contains(pubsub.processId())));
        }
        pubsub.close(); // idempotent
    }

    /** The live Pub/Sub threads of a node ({@code tag} = "[host:port]"). */
    static Set<Thread> threads(String tag) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> (t.getName().startsWith("nearby-pubsub-") || t.getName().startsWith("nearby-redis-"))
                        && t.getName().endsWith(tag))
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    static List<String> threadNames(String tag) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> (name.startsWith("nearby-pubsub-") || name.startsWith("nearby-redis-")) && name.endsWith(tag)).toList();
    }

    private RedisPubSub open(RedisServer redis, MessageSink sink) {
        RedisPubSub pubsub = Rings.onOne(redis.url(), sink, PubSubConfig.defaults());
        opened.add(pubsub);
        return pubsub;
    }
}
