package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nearby.ring.PauseMonitor;
import io.nearby.testkit.RedisServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link RedisPubSub#reroute} against real redis-servers: what moves, in which order, and what races with it. */
class RedisPubSubRerouteIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Channel {@code ch:i} on nodes.get(i % nodes.size()). */
    private static ChannelRouter modulo(List<String> nodes) {
        return Rings.of(nodes, channel -> nodes.get(Integer.parseInt(channel.substring(3)) % nodes.size()));
    }

    private static List<String> channels(int n) {
        return IntStream.range(0, n).mapToObj(i -> "ch:" + i).toList();
    }

    @Test
    void exactlyTheChannelsWhoseOwnerChangedMoveAndTheNewOwnerIsSubscribedBeforeTheOldOneIsLeft() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start(); RedisServer c = RedisServer.start();
                RedisInspector onA = new RedisInspector(a.url()); RedisInspector onB = new RedisInspector(b.url());
                RedisInspector onC = new RedisInspector(c.url())) {
            List<String> two = List.of(a.url(), b.url());
            List<String> three = List.of(a.url(), b.url(), c.url());
            RecordingSink sink = new RecordingSink();
            // the grace period is watched from outside (PUBSUB CHANNELS round trips from a test thread that shares two
            // cores with everything else): long enough that the checks below always land inside it
            Duration grace = Duration.ofSeconds(5);
            PubSubConfig config = Tuning.defaults().moveGrace(grace).build();
            try (RedisPubSub pubsub = new RedisPubSub(modulo(two), sink, config)) {
                List<String> channels = channels(120);
                pubsub.subscribe(channels).get(5, TimeUnit.SECONDS);
                ChannelRouter next = modulo(three);
                Set<String> moving = channels.stream().filter(ch -> !modulo(two).nodeFor(ch).equals(next.nodeFor(ch)))
                        .collect(Collectors.toSet());
                Map<String, Set<String>> leaving = moving.stream().collect(Collectors.groupingBy(modulo(two)::nodeFor,
                        Collectors.toSet()));

                CompletableFuture<MoveReport> move = CompletableFuture.supplyAsync(() -> pubsub.reroute(next));
                await("the new owners hold the moved channels").atMost(WAIT)
                        .until(() -> onA.channels("ch:*").size() + onB.channels("ch:*").size() + onC.channels("ch:*").size()
                                == channels.size() + moving.size() && onC.channels("ch:*").size() > 0);
                assertThat(move).as("still in the grace period").isNotDone();
                assertThat(onA.channels("ch:*")).as("old owner A still subscribed").containsAll(leaving.get(a.url()));
                assertThat(onB.channels("ch:*")).as("old owner B still subscribed").containsAll(leaving.get(b.url()));

                MoveReport report = move.get(WAIT.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
                assertThat(report.channelsMoved()).isEqualTo(moving.size());
                assertThat(report.channelsKept()).isEqualTo(channels.size() - moving.size());
                assertThat(report.nodesAdded()).containsExactly(c.url());
                assertThat(report.nodesRemoved()).isEmpty();
                assertThat(report.allConfirmed()).isTrue();
                for (RedisInspector node : List.of(onA, onB, onC)) {
                    String url = node == onA ? a.url() : node == onB ? b.url() : c.url();
                    Set<String> owned = channels.stream().filter(ch -> next.nodeFor(ch).equals(url)).collect(Collectors.toSet());
                    await("exactly its own channels on " + url).atMost(WAIT).until(() -> node.channels("ch:*"), owned::equals);
                }
                assertThat(sink.resubscribedCalls()).containsExactly(moving);
                String probe = moving.iterator().next();
                // only the new owner holds the channel now (asserted above): a delivery proves the publish went there
                assertThat(pubsub.publish(probe, "after")).isTrue();
                await("published on the new owner").atMost(WAIT).until(() -> sink.messages(probe).contains("after"));
                assertThat(pubsub.subscribedChannelCount()).isEqualTo(channels.size());
                System.out.printf("[measure] reroute 2 -> 3 nodes, %d of %d channels moved: routing switched in %d ms,"
                        + " new owner confirmed after %d ms%n", report.channelsMoved(), channels.size(),
                        report.switched().toMillis(), report.confirmed().toMillis());
            }
        }
    }

    @Test
    void subscribesAndUnsubscribesRacingMovesEndExactlyOnTheOwnersOfTheFinalRing() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start(); RedisServer c = RedisServer.start()) {
            List<String> two = List.of(a.url(), b.url());
            List<String> three = List.of(a.url(), b.url(), c.url());
            PubSubConfig config = Tuning.defaults().moveGrace(Duration.ZERO).build();
            List<String> channels = channels(300);
            RecordingSink sink = new RecordingSink();
            try (RedisPubSub pubsub = new RedisPubSub(modulo(two), sink, config)) {
                AtomicBoolean hammering = new AtomicBoolean(true);
                AtomicInteger movesDone = new AtomicInteger();
                CompletableFuture<Integer> mover = CompletableFuture.supplyAsync(() -> {
                    int moves = 0;
                    while (hammering.get()) {
                        List<String> nodes = moves % 2 == 0 ? three : two;
                        pubsub.reroute(modulo(nodes));
                        moves = movesDone.incrementAndGet();
                    }
                    return moves;
                });
                List<CompletableFuture<Void>> last;
                int rounds = 0;
                try {
                    // a round is in-memory work, often over in well under a second, while every move connects and
                    // closes a node: hammer on until at least 3 moves have raced it (bounded, in case moves stall)
                    do {
                        last = SubscriptionHammer.hammer(pubsub, channels, 20, 3_000);
                        rounds++;
                    } while (movesDone.get() < 3 && rounds < 100);
                } finally {
                    hammering.set(false);
                }
                int moves = mover.get(30, TimeUnit.SECONDS);
                System.out.printf("[measure] %d ring changes raced %,d subscribe/unsubscribe calls (%d rounds)%n", moves,
                        rounds * 60_000, rounds);
                assertThat(moves).isGreaterThan(2);
                List<String> finalNodes = pubsub.nodes().size() == 3 ? three : two;
                ChannelRouter router = modulo(finalNodes);
                Set<String> wanted = IntStream.range(0, 300).filter(i -> i % 2 == 0).mapToObj(channels::get)
                        .collect(Collectors.toSet());
                // The final subscribes race the mover. One that lands on c just before a move back to two nodes is
                // moved to its new owner with c's desired set, and c is then closed: if c had not confirmed it yet,
                // closing c fails its future ("Pub/Sub to <c> closed", SubscriptionDesk.close) while the channel stays
                // wanted on the new owner. That is the only failure expected; the final state below is what counts.
                int failed = 0;
                for (CompletableFuture<Void> subscribe : last) {
                    try {
                        subscribe.get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                                ? ce.getCause() : e.getCause();
                        assertThat(cause).as("only a subscribe left on the node that left the ring may fail")
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessage("Pub/Sub to 127.0.0.1:" + c.port() + " closed");
                        failed++;
                    }
                }
                System.out.printf("[measure] %d of %d final subscribes failed because their node (c) left the ring%n",
                        failed, last.size());
                assertThat(pubsub.subscribedChannelCount()).isEqualTo(150);
                for (RedisNode node : pubsub.nodes()) {
                    Set<String> owned = wanted.stream().filter(ch -> router.nodeFor(ch).equals(node.id()))
                            .collect(Collectors.toSet());
                    assertThat(node.channels()).as("desired on %s", node.id()).isEqualTo(owned);
                    try (RedisInspector view = new RedisInspector(node.id())) {
                        await("Redis %s holds exactly its channels".formatted(node.id())).atMost(WAIT)
                                .until(() -> view.channels("ch:*"), owned::equals);
                    }
                }
                for (String channel : channels) {
                    assertThat(pubsub.publish(channel, "final")).as(channel).isTrue();
                }
                await("every wanted channel receives").atMost(WAIT).until(() -> channels.stream()
                        .filter(ch -> sink.messages(ch).contains("final")).collect(Collectors.toSet()), wanted::equals);
            }
        }
    }

    @Test
    void aDeadOldNodeDoesNotBlockTheMoveAndItsChannelsAreReportedForReReading() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start(); RedisServer c = RedisServer.start()) {
            List<String> before = List.of(a.url(), b.url());
            List<String> after = List.of(a.url(), c.url());
            RecordingSink sink = new RecordingSink();
            try (RedisPubSub pubsub = new RedisPubSub(modulo(before), sink, PubSubConfig.defaults())) {
                List<String> channels = channels(100);
                pubsub.subscribe(channels).get(5, TimeUnit.SECONDS);
                long publishedBefore = pubsub.published();
                pubsub.publish("ch:1", "on b");
                await("sent to b").atMost(WAIT).until(pubsub::published, n -> n == publishedBefore + 1);
                b.kill();
                await().atMost(WAIT).until(() -> !pubsub.connected());
                long start = System.nanoTime();
                MoveReport report = pubsub.reroute(modulo(after));
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                System.out.printf("[measure] move off a dead node: %d channels, done in %d ms (grace %d ms included)%n",
                        report.channelsMoved(), took, PubSubConfig.defaults().moveGrace().toMillis());
                assertThat(took).isLessThan(PubSubConfig.defaults().moveGrace().toMillis() + 2_000);
                Set<String> fromB = channels.stream().filter(ch -> modulo(before).nodeFor(ch).equals(b.url()))
                        .collect(Collectors.toSet());
                assertThat(report.channelsMoved()).isEqualTo(fromB.size());
                assertThat(report.nodesRemoved()).containsExactly(b.url());
                assertThat(sink.resubscribedCalls()).contains(fromB);
                assertThat(pubsub.publish("ch:1", "on c")).isTrue();
                await().atMost(WAIT).until(() -> sink.messages("ch:1").contains("on c"));
                assertThat(pubsub.connected()).isTrue();
                assertThat(pubsub.nodes()).extracting(RedisNode::id).containsExactlyInAnyOrder(a.url(), c.url());
                await("counts of the node that left are kept").atMost(WAIT)
                        .until(pubsub::published, n -> n == publishedBefore + 2);
            }
        }
    }

    @Test
    void aNewOwnerThatIsDownTimesOutButGetsItsChannelsWhenItComesUp() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer c = RedisServer.start()) {
            c.kill();
            List<String> before = List.of(a.url());
            List<String> after = List.of(a.url(), c.url());
            RecordingSink sink = new RecordingSink();
            PubSubConfig config = Tuning.defaults().subscribeTimeout(Duration.ofMillis(300))
                    .moveGrace(Duration.ZERO).build();
            try (RedisPubSub pubsub = new RedisPubSub(modulo(before), sink, config)) {
                pubsub.subscribe(channels(10)).get(5, TimeUnit.SECONDS);
                MoveReport report = pubsub.reroute(modulo(after));
                assertThat(report.allConfirmed()).isFalse();
                assertThat(report.channelsMoved()).isEqualTo(5);
                c.restart();
                try (RedisInspector onC = new RedisInspector(c.url())) {
                    await("subscribed once the node is up").atMost(WAIT)
                            .until(() -> onC.numsub("ch:1").get("ch:1"), n -> n == 1L);
                }
                assertThat(pubsub.publish("ch:1", "hi")).isTrue();
                await("delivered").atMost(WAIT).until(() -> sink.messages("ch:1").contains("hi"));
                await("and reported for re-reading").atMost(WAIT)
                        .until(() -> sink.resubscribedCalls().stream().anyMatch(set -> set.contains("ch:1")));
                try (RedisInspector onA = new RedisInspector(a.url())) {
                    assertThat(onA.channels("ch:*")).containsExactlyInAnyOrder("ch:0", "ch:2", "ch:4", "ch:6", "ch:8");
                }
            }
        }
    }

    @Test
    void closeDuringAMoveReturnsWithinAboutASecond() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start()) {
            List<String> before = List.of(a.url());
            List<String> after = List.of(a.url(), b.url());
            PubSubConfig config = Tuning.defaults().moveGrace(Duration.ofSeconds(30)).build();
            RedisPubSub pubsub = new RedisPubSub(modulo(before), new RecordingSink(), config);
            pubsub.subscribe(channels(10)).get(5, TimeUnit.SECONDS);
            CompletableFuture<MoveReport> move = CompletableFuture.supplyAsync(() -> pubsub.reroute(modulo(after)));
            try (RedisInspector onB = new RedisInspector(b.url())) {
                await().atMost(WAIT).until(() -> onB.channels("ch:*").size() == 5);
            }
            long start = System.nanoTime();
            pubsub.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_500);
            assertThat(move.get(2, TimeUnit.SECONDS).channelsMoved()).isEqualTo(5);
            assertThat(RedisPubSubIT.threadNames("[127.0.0.1:" + a.port() + "]")).isEmpty();
            assertThat(RedisPubSubIT.threadNames("[127.0.0.1:" + b.port() + "]")).isEmpty();
        }
    }

    @Test
    void movingTensOfThousandsOfChannelsHoldsTheRoutingLockOnlyBriefly() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start(); RedisServer c = RedisServer.start();
                RedisServer d = RedisServer.start(); PauseMonitor pauses = new PauseMonitor()) {
            List<String> three = List.of(a.url(), b.url(), c.url());
            List<String> four = List.of(a.url(), b.url(), c.url(), d.url());
            PubSubConfig config = Tuning.defaults().moveGrace(Duration.ZERO)
                    .subscribeTimeout(Duration.ofSeconds(20)).build();
            try (RedisPubSub pubsub = new RedisPubSub(modulo(three), new RecordingSink(), config)) {
                List<String> channels = channels(100_000);
                pubsub.subscribe(channels).get(30, TimeUnit.SECONDS);
                // modulo routing moves 3/4 of the channels: far more than a consistent-hash ring ever does. The switch
                // is CPU work of this thread under the routing lock: time in which it could not run is measured too
                long[] switchedAt = new long[2];
                long queuedBefore = PauseMonitor.runQueueWaitNanos();
                long start = System.nanoTime();
                MoveReport report = pubsub.reroute(modulo(four), () -> {
                    switchedAt[0] = System.nanoTime();
                    switchedAt[1] = PauseMonitor.runQueueWaitNanos();
                });
                // ready to run but not running (CPU shared with other builds), or the whole JVM stopped (GC, a VM's
                // stolen time): each counted where it is measured, the larger one excused
                Duration notRunning = Duration.ofNanos(Math.max(switchedAt[1] - queuedBefore,
                        pauses.pausedNanos(start, switchedAt[0])));
                System.out.printf("[measure] move %,d of %,d subscribed channels: routing lock held %d ms (%d ms of it"
                        + " unable to run), new owners confirmed %d ms later, done in %d ms%n", report.channelsMoved(),
                        channels.size(), report.switched().toMillis(), notRunning.toMillis(),
                        report.confirmed().toMillis(), report.total().toMillis());
                long moving = channels.stream().filter(ch -> !modulo(three).nodeFor(ch).equals(modulo(four).nodeFor(ch))).count();
                assertThat(report.channelsMoved()).isEqualTo(moving);
                assertThat(report.allConfirmed()).isTrue();
                // under 2 s of work (~0.3 s on an idle 2-core machine), plus the time this thread could not run (16 s
                // once on a loaded shared machine); a lock held while waiting for the network is not excused
                assertThat(report.switched()).as("routing lock held (%d ms of it unable to run)", notRunning.toMillis())
                        .isLessThan(Duration.ofSeconds(2).plus(notRunning));
            }
        }
    }

    @Test
    void theSameNodesAndOwnersMoveNothing() throws Exception {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start()) {
            List<String> nodes = List.of(a.url(), b.url());
            RecordingSink sink = new RecordingSink();
            try (RedisPubSub pubsub = new RedisPubSub(modulo(nodes), sink, PubSubConfig.defaults())) {
                pubsub.subscribe(channels(20)).get(5, TimeUnit.SECONDS);
                long start = System.nanoTime();
                MoveReport report = pubsub.reroute(Rings.of(List.of(b.url(), a.url()), modulo(nodes)::nodeFor));
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("no move: no waiting for the move grace").isLessThan(PubSubConfig.defaults().moveGrace().toMillis());
                assertThat(report.channelsMoved()).isZero();
                assertThat(report.channelsKept()).isEqualTo(20);
                assertThat(sink.resubscribedCalls()).isEmpty();
                assertThat(new HashSet<>(pubsub.nodes())).hasSize(2);
            }
        }
    }
}
