package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 4, "drain that really drains", on two real server processes and a real SIGTERM (the production
 * shutdown hook of {@code Main}): 200 users on server A, each with a friend on server B, all walking. SIGTERM to A →
 * its readiness answers 503 at once, a new upgrade to it gets 503, its 200 sockets are closed with 1001 in batches
 * spread over NEARBY_DRAIN_SECONDS (5 s), it exits; every client reconnects with full-jitter backoff ({@link Crowd})
 * to B and is live again (init answered) within the window + 5 s, and each pair of friends sees each other again.
 */
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnFailure.class)
class SigtermDrainIT {
    private static final int PAIRS = 200;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final GeoPoint CITY = new GeoPoint(52.5200, 13.4050);

    @Test
    @Timeout(180)
    void sigtermDrainsEverySocketWith1001OverTheWindowAndEveryClientIsBackOnTheOtherServer() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(2, false, Map.of("NEARBY_DRAIN_SECONDS", Long.toString(WINDOW.toSeconds())))) {
            ServerJvm a = cluster.server(0);
            ServerJvm b = cluster.server(1);
            List<String> onA = new ArrayList<>();
            List<String> onB = new ArrayList<>();
            List<String[]> pairs = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                onA.add(Cluster.id("da" + i));
                onB.add(Cluster.id("db" + i));
                pairs.add(new String[] {onA.get(i), onB.get(i)});
            }
            List<String> everyone = new ArrayList<>(onA);
            everyone.addAll(onB);
            cluster.users(everyone, 16);
            cluster.befriend(pairs, 16);

            try (Crowd crowd = new Crowd(List.of(a, b), cluster::token)) {
                List<Crowd.User> usersA = new ArrayList<>();
                List<Crowd.User> usersB = new ArrayList<>();
                for (int i = 0; i < PAIRS; i++) {
                    GeoPoint home = GreatCircle.destination(CITY, (i * 37) % 360, 500 + (i % 20) * 400);
                    usersA.add(crowd.add(onA.get(i), home, Set.of(onB.get(i))));
                    usersB.add(crowd.add(onB.get(i), GreatCircle.destination(home, 90, 200), Set.of(onA.get(i))));
                }
                crowd.connectAll(usersB, b, 32, Duration.ofSeconds(60));
                crowd.connectAll(usersA, a, 32, Duration.ofSeconds(60));
                crowd.startMoving(Duration.ofSeconds(1));
                awaitSeenSince(usersA, usersB, 0, Duration.ofSeconds(10), "before the drain");
                assertThat(a.metric("nearby_ws_connections")).isEqualTo(PAIRS);

                long sigterm = System.nanoTime();
                a.sigterm();
                long notReady = -1;
                while (System.nanoTime() - sigterm < Duration.ofSeconds(2).toNanos()) {
                    if (a.ready() == 503) {
                        notReady = System.nanoTime();
                        break;
                    }
                    Thread.sleep(5);
                }
                assertThat(notReady).as("readiness of A turned 503 within 2 s of SIGTERM").isPositive();
                String newcomer = Cluster.id("newcomer");
                cluster.users(List.of(newcomer), 1);
                int upgrade = WsClient.refusedStatus(a.ws(cluster.token(newcomer)), null);
                long upgradeRefused = System.nanoTime();
                assertThat(upgrade).as("a new upgrade to the draining server").isEqualTo(503);
                assertThat(a.status("/health/live")).as("alive while draining").isEqualTo(200);
                assertThat(a.alive()).isTrue();

                // every client of A: closed (1001), then live again on B, within the window + 5 s
                long deadline = sigterm + WINDOW.plusSeconds(5).toNanos();
                while (System.nanoTime() < deadline && !usersA.stream().allMatch(u -> b.equals(u.server()))) {
                    Thread.sleep(20);
                }
                long allBack = System.nanoTime();
                assertThat(usersA.stream().filter(u -> !b.equals(u.server())).map(Crowd.User::describe).toList())
                        .as("clients of A not live on B within the window + 5 s").isEmpty();
                assertThat(a.awaitExit(Duration.ofSeconds(10))).as("A exits after its drain").isTrue();
                long exited = System.nanoTime();

                Map<Integer, Integer> codes = crowd.closeCodes();
                assertThat(codes).as("close codes received by all clients").isEqualTo(Map.of(1001, PAIRS));
                List<Long> closedAt = new ArrayList<>();
                List<Long> closeToLive = new ArrayList<>();
                List<Long> sigtermToLive = new ArrayList<>();
                for (Crowd.User u : usersA) {
                    assertThat(u.closes).hasSize(1);
                    long closed = u.closes.getFirst().atNanos();
                    long live = u.liveAgainAfter(closed);
                    closedAt.add(closed);
                    closeToLive.add(live - closed);
                    sigtermToLive.add(live - sigterm);
                }
                long first = closedAt.stream().mapToLong(Long::longValue).min().orElseThrow();
                long last = closedAt.stream().mapToLong(Long::longValue).max().orElseThrow();
                Duration spread = Duration.ofNanos(last - first);
                // friends across the servers see each other again: each sees the other after the reconnect
                awaitSeenSince(usersA, usersB, -1, Duration.ofSeconds(5), "after the drain");
                long friendsAgain = System.nanoTime();

                System.out.printf("[measure] drain: SIGTERM -> /health/ready 503 in %d ms; a new upgrade refused with 503 %d ms after SIGTERM%n",
                        ms(notReady - sigterm), ms(upgradeRefused - sigterm));
                System.out.printf("[measure] drain: %d closes, all 1001 (%s), first %d ms / last %d ms after SIGTERM: spread %d ms of the %d ms window (%.0f %%)%n",
                        PAIRS, codes, ms(first - sigterm), ms(last - sigterm), spread.toMillis(), WINDOW.toMillis(),
                        100.0 * spread.toMillis() / WINDOW.toMillis());
                System.out.printf("[measure] drain: close -> live again on B (full-jitter backoff %d ms..%d s): p50 %d ms, p99 %d ms, max %d ms;"
                                + " SIGTERM -> live again: max %d ms (limit %d ms); reconnect attempts refused with 503 by A: %d, refused connections: %d%n",
                        Crowd.BACKOFF_BASE.toMillis(), Crowd.BACKOFF_CAP.toSeconds(), ms(Stats.percentile(closeToLive, 50)),
                        ms(Stats.percentile(closeToLive, 99)), ms(Stats.max(closeToLive)), ms(Stats.max(sigtermToLive)),
                        WINDOW.plusSeconds(5).toMillis(), crowd.refused503(), crowd.connectFailures());
                System.out.printf("[measure] drain: all %d clients of A live on B %d ms after SIGTERM; A exited %d ms after SIGTERM (status %d);"
                                + " every pair of friends saw each other again %d ms after SIGTERM%n",
                        PAIRS, ms(allBack - sigterm), ms(exited - sigterm), a.exitValue(), ms(friendsAgain - sigterm));

                assertThat(ms(notReady - sigterm)).as("not ready at once").isLessThanOrEqualTo(1_000);
                assertThat(spread.toMillis()).as("closes spread over at least 60 % of the window")
                        .isBetween(WINDOW.toMillis() * 6 / 10, WINDOW.toMillis() + 1_000);
                assertThat(Stats.max(sigtermToLive)).isLessThanOrEqualTo(WINDOW.plusSeconds(5).toNanos());
                assertThat(usersB.stream().mapToInt(u -> u.closes.size()).sum()).as("clients of B untouched").isZero();
                assertThat(crowd.initTimeouts()).isZero();
                assertThat(b.metric("nearby_ws_connections")).isEqualTo(2 * PAIRS);
            }
        }
    }

    /**
     * Every pair (a on A, b on B) has seen each other: since a was last live ({@code sinceLive} -1), or ever (0).
     */
    private static void awaitSeenSince(List<Crowd.User> usersA, List<Crowd.User> usersB, int sinceLive, Duration atMost, String when)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        List<String> missing = List.of();
        while (System.nanoTime() < deadline) {
            missing = new ArrayList<>();
            for (int i = 0; i < usersA.size(); i++) {
                Crowd.User ua = usersA.get(i);
                Crowd.User ub = usersB.get(i);
                long since = sinceLive < 0 ? ua.liveAt.getLast() : 0;
                if (ua.lastSighting(ub.id) <= since || ub.lastSighting(ua.id) <= since) {
                    missing.add(ua.id + "<->" + ub.id);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(missing.size() + " pairs of friends did not see each other " + when + " within " + atMost
                + ", e.g. " + missing.stream().limit(5).toList());
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
