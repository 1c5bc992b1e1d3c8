package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nearby.testkit.FreePorts;
import io.nearby.testkit.RedisServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.args.ClientPauseMode;

/** Redis killed, restarted, frozen, or never there: each test starts (and stops) its own redis-server. */
class RedisPubSubFailureIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void afterRedisIsKilledAndRestartedEverythingIsResubscribedByItself() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RecordingSink sink = new RecordingSink();
            try (RedisPubSub pubsub = Rings.onOne(redis.url(), sink, PubSubConfig.defaults())) {
                List<String> channels = IntStream.range(0, 1_000).mapToObj(i -> "user:" + i).toList();
                pubsub.subscribe(channels).get(5, TimeUnit.SECONDS);
                String probe = channels.get(42);

                redis.kill();
                await("subscriber sees the loss").atMost(WAIT).until(() -> !pubsub.connected());
                assertThat(pubsub.health()).singleElement().satisfies(h -> {
                    assertThat(h.up()).isFalse();
                    assertThat(h.detail()).contains("down for");
                });

                long start = System.nanoTime();
                assertThat(pubsub.publish(probe, "lost")).as("queued: publishing never waits for Redis").isTrue();
                long downPublishMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
                long queued = System.nanoTime();
                await("dropped once older than publishMaxAge").atMost(WAIT).until(pubsub::publishDropped, n -> n == 1);
                System.out.printf("[measure] publish while Redis is down: returned after %d us, the message dropped"
                        + " (counted) %d ms later%n", downPublishMicros,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queued));
                assertThat(downPublishMicros).isLessThan(200_000);
                assertThat(pubsub.publishFailures()).isEqualTo(1);
                assertThat(pubsub.publishQueueDepth()).isZero();
                assertThat(pubsub.health()).singleElement().satisfies(h -> assertThat(h.detail())
                        .contains("writer connection down for"));

                long restarting = System.nanoTime();
                redis.restart();
                long answering = System.nanoTime();
                try (RedisInspector redisView = new RedisInspector(redis.url())) {
                    await("all 1,000 channels subscribed again").atMost(WAIT)
                            .until(() -> redisView.channels("user:*").size() == 1_000);
                    await("resubscribed heard").atMost(WAIT).until(() -> !sink.resubscribedCalls().isEmpty());
                    long done = System.nanoTime();
                    System.out.printf("[measure] Redis restart took %d ms; from its first PONG to 1,000 channels"
                            + " resubscribed and reported: %d ms%n", TimeUnit.NANOSECONDS.toMillis(answering - restarting),
                            TimeUnit.NANOSECONDS.toMillis(done - answering));
                    assertThat(sink.resubscribedCalls()).singleElement()
                            .isEqualTo(new HashSet<>(channels));
                    assertThat(redisView.clients("nearby-sub-" + pubsub.processId())).hasSize(1);
                }
                await("messages flow again").atMost(WAIT)
                        .until(() -> pubsub.publish(probe, "again") && sink.messages(probe).contains("again"));
                assertThat(sink.messages(probe)).doesNotContain("lost");
                assertThat(pubsub.reconnects()).isEqualTo(1);
                assertThat(pubsub.connected()).isTrue();
            }
        }
    }

    @Test
    void pingsKeepAQuietConnectionAlive() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            // silence timeout 3.5 s (ping 500 ms + pong 3 s): a PONG may be 3 s late (a GC or scheduling stall of the
            // reader thread or of redis-server on a loaded 2-core machine), and without its PINGs the connection would
            // still die within one timeout; it must outlive two of them without a single message
            PubSubConfig config = Tuning.defaults().ping(Duration.ofMillis(500), Duration.ofSeconds(3)).build();
            Duration quiet = config.silenceTimeout().multipliedBy(2);
            try (RedisPubSub pubsub = Rings.onOne(redis.url(), new RecordingSink(), config);
                    RedisInspector redisView = new RedisInspector(redis.url())) {
                pubsub.subscribe(List.of("quiet")).get(5, TimeUnit.SECONDS);
                List<String> first = redisView.clients("nearby-sub-" + pubsub.processId());
                assertThat(first).hasSize(1);
                await("no message for 3 silence timeouts, still the first connection").during(quiet)
                        .atMost(quiet.plusSeconds(3)).until(() -> pubsub.connected() && pubsub.reconnects() == 0);
                List<String> last = redisView.clients("nearby-sub-" + pubsub.processId());
                assertThat(last).singleElement().as("the same subscriber connection, kept alive by PINGs")
                        .satisfies(line -> assertThat(clientId(line)).isEqualTo(clientId(first.getFirst())))
                        .satisfies(line -> assertThat(line).contains(" cmd=ping"));
            }
        }
    }

    @Test
    void anUnreachableNodeNeverBlocksPublishesAndSubscribesAfterTheTimeoutWithoutThrowing() throws Exception {
        int port = FreePorts.next();
        String url = "redis://127.0.0.1:" + port;
        PubSubConfig config = Tuning.defaults().subscribeTimeout(Duration.ofMillis(300))
                .publishing(100_000, 1_000, Duration.ofMillis(300)).build();
        RedisPubSub pubsub = Rings.onOne(url, new RecordingSink(), config);
        try {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThat(pubsub.publish("user:1", "x")).isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(200);
            }
            await("dropped after publishMaxAge").atMost(WAIT).until(pubsub::publishFailures, n -> n == 3);
            assertThat(pubsub.publishDropped()).isEqualTo(3);
            assertThat(pubsub.published()).isZero();

            CompletableFuture<Void> subscribed = pubsub.subscribe(List.of("user:1", "user:2"));
            assertThatThrownBy(() -> subscribed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("2 of 2 channels");
            assertThat(pubsub.subscribedChannelCount()).as("still wanted: subscribed once the node is up").isEqualTo(2);
            assertThat(pubsub.health()).singleElement().satisfies(h -> {
                assertThat(h.up()).isFalse();
                assertThat(h.detail()).contains("Connection refused");
            });
        } finally {
            long start = System.nanoTime();
            pubsub.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500);
        }
        assertThat(RedisPubSubIT.threadNames("[127.0.0.1:" + port + "]")).isEmpty();
    }

    @Test
    void channelsWantedWhileRedisWasDownAreSubscribedWhenItComesUp() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            redis.kill();
            RecordingSink sink = new RecordingSink();
            PubSubConfig config = Tuning.defaults().subscribeTimeout(Duration.ofMillis(300)).build();
            try (RedisPubSub pubsub = Rings.onOne(redis.url(), sink, config)) {
                CompletableFuture<Void> early = pubsub.subscribe(List.of("cell:a", "cell:b"));
                assertThatThrownBy(() -> early.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);

                redis.restart();
                await("subscribed once Redis is up, and publishing again").atMost(WAIT)
                        .until(() -> pubsub.publish("cell:a", "hi") && sink.messages("cell:a").contains("hi"));
                await("the caller hears it, since its subscribe had failed").atMost(WAIT)
                        .until(() -> sink.resubscribedCalls().contains(Set.of("cell:a", "cell:b")));
            }
        }
    }

    @Test
    void aFrozenRedisIsDetectedByThePingAndTheConnectionReplaced() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RecordingSink sink = new RecordingSink();
            PubSubConfig config = Tuning.defaults().ping(Duration.ofMillis(200), Duration.ofMillis(300)).build();
            try (RedisPubSub pubsub = Rings.onOne(redis.url(), sink, config);
                    RedisInspector redisView = new RedisInspector(redis.url())) {
                pubsub.subscribe(List.of("user:7")).get(5, TimeUnit.SECONDS);
                long paused = System.nanoTime();
                // every client's commands wait (the subscriber's PING too), like a half-open connection
                redisView.jedis().clientPause(2_000, ClientPauseMode.ALL);
                await("silence detected").atMost(WAIT).until(() -> !pubsub.connected());
                System.out.printf("[measure] frozen Redis detected after %d ms (ping 200 ms + pong timeout 300 ms)%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused));

                await("reconnected once the pause is over").atMost(WAIT).until(() -> pubsub.reconnects() >= 1);
                await("delivery again").atMost(WAIT)
                        .until(() -> pubsub.publish("user:7", "back") && sink.messages("user:7").contains("back"));
                assertThat(sink.resubscribedCalls()).contains(Set.of("user:7"));
                assertThat(redisView.clients("nearby-sub-" + pubsub.processId())).hasSize(1);
            }
        }
    }

    /** The {@code id=} field of a CLIENT LIST line. */
    private static String clientId(String clientListLine) {
        return clientListLine.split(" ")[0];
    }
}
