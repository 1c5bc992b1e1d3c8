package io.nearby.server.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 9b: a rolling restart of two real server processes under load. 100 pairs of friends, each pair split
 * across the two servers, every user walking (an update every second ± 20 %). Server A is restarted (SIGTERM: it
 * drains over 5 s and exits; then started again on the same port), then server B. Clients reconnect with full-jitter
 * backoff to the other server ({@link Crowd}). Asserted: every close a client receives is 1001 (nothing abnormal),
 * every client is live at the end, the longest time any user went without a sighting of a friend's position stays
 * within the limit, deliveries never stop, and no friendship is lost.
 */
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnFailure.class)
class RollingRestartIT {
    private static final int PAIRS = 100;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration PERIOD = Duration.ofSeconds(1);
    /** A friend's position may go unseen at most this long during a rolling restart (both ends reconnecting included). */
    private static final Duration GAP_LIMIT = Duration.ofSeconds(5);
    private static final GeoPoint CITY = new GeoPoint(-34.6037, -58.3816);

    @Test
    @Timeout(240)
    void aRollingRestartOfBothServersUnderLoadClosesOnlyWith1001AndKeepsFriendsInSight() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(2, false, Map.of("NEARBY_DRAIN_SECONDS", Long.toString(WINDOW.toSeconds())))) {
            ServerJvm a = cluster.server(0);
            ServerJvm b = cluster.server(1);
            List<String[]> pairs = new ArrayList<>();
            List<String> everyone = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                pairs.add(new String[] {Cluster.id("ra" + i), Cluster.id("rb" + i)});
                everyone.addAll(List.of(pairs.get(i)));
            }
            cluster.users(everyone, 16);
            cluster.befriend(pairs, 16);

            try (Crowd crowd = new Crowd(List.of(a, b), cluster::token)) {
                List<Crowd.User> usersA = new ArrayList<>();
                List<Crowd.User> usersB = new ArrayList<>();
                for (int i = 0; i < PAIRS; i++) {
                    GeoPoint home = GreatCircle.destination(CITY, (i * 53) % 360, 300 + (i % 25) * 300);
                    usersA.add(crowd.add(pairs.get(i)[0], home, Set.of(pairs.get(i)[1])));
                    usersB.add(crowd.add(pairs.get(i)[1], GreatCircle.destination(home, 180, 150), Set.of(pairs.get(i)[0])));
                }
                crowd.connectAll(usersA, a, 32, Duration.ofSeconds(60));
                crowd.connectAll(usersB, b, 32, Duration.ofSeconds(60));
                crowd.startMoving(PERIOD);
                Thread.sleep(3 * PERIOD.toMillis());
                crowd.startMeasuringGaps();
                long start = System.nanoTime();
                List<Long> deliveriesPerSecond = new ArrayList<>();
                Thread sampler = Thread.ofPlatform().daemon().name("deliveries-sampler").start(() -> {
                    long before = crowd.friendLocations();
                    try {
                        while (true) {
                            Thread.sleep(1_000);
                            long now = crowd.friendLocations();
                            synchronized (deliveriesPerSecond) {
                                deliveriesPerSecond.add(now - before);
                            }
                            before = now;
                        }
                    } catch (InterruptedException e) {
                        // done
                    }
                });

                Duration restartA = restart(a, crowd);
                Thread.sleep(2_000);
                Duration restartB = restart(b, crowd);
                Thread.sleep(3_000);
                sampler.interrupt();
                sampler.join();
                long end = System.nanoTime();
                Crowd.Gap worst = crowd.longestGap();
                List<Long> gaps = crowd.allGapsNanos();

                Map<Integer, Integer> codes = crowd.closeCodes();
                long minPerSecond;
                synchronized (deliveriesPerSecond) {
                    minPerSecond = deliveriesPerSecond.stream().mapToLong(Long::longValue).min().orElse(0);
                }
                System.out.printf("[measure] rolling restart: %d clients (%d pairs of friends across 2 servers, an update every %d ms each),"
                                + " A restarted in %d ms, B in %d ms (SIGTERM, %d s drain, exit, start, ready) over %d s%n",
                        2 * PAIRS, PAIRS, PERIOD.toMillis(), restartA.toMillis(), restartB.toMillis(), WINDOW.toSeconds(),
                        Duration.ofNanos(end - start).toSeconds());
                System.out.printf("[measure] rolling restart: closes received %s (abnormal: %d); reconnect attempts refused with 503: %d,"
                                + " refused connections: %d, init timeouts: %d%n",
                        codes, codes.entrySet().stream().filter(e -> e.getKey() != 1001).mapToInt(Map.Entry::getValue).sum(),
                        crowd.refused503(), crowd.connectFailures(), crowd.initTimeouts());
                System.out.printf("[measure] rolling restart: longest time without a sighting of a friend's position: p50 %d ms, p99 %d ms,"
                                + " max %d ms (%s -> %s; limit %d ms); friend_location deliveries per second: min %d, all %s%n",
                        Stats.percentile(gaps, 50) / 1_000_000, Stats.percentile(gaps, 99) / 1_000_000, worst.duration().toMillis(),
                        worst.friend(), worst.user(), GAP_LIMIT.toMillis(), minPerSecond, deliveriesPerSecond);

                assertThat(codes.keySet()).as("every close a client received was 1001").containsOnly(1001);
                assertThat(codes.get(1001)).as("A's 100 clients, then B's 200").isEqualTo(3 * PAIRS);
                assertThat(crowd.initTimeouts()).isZero();
                assertThat(crowd.users().stream().filter(u -> !u.live()).map(Crowd.User::describe).toList()).as("not live at the end").isEmpty();
                assertThat(worst.duration()).as("longest gap between sightings of a friend").isLessThanOrEqualTo(GAP_LIMIT);
                assertThat(minPerSecond).as("deliveries never stopped").isPositive();

                // no friendship lost: each user's friend list (REST, on the restarted servers) and live view
                for (String[] p : pairs) {
                    assertThat(friendsOf(cluster, a, p[0])).as(p[0]).containsExactly(p[1]);
                    assertThat(friendsOf(cluster, b, p[1])).as(p[1]).containsExactly(p[0]);
                }
                long since = System.nanoTime();
                long deadline = since + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < deadline && !allSeenSince(crowd, since)) {
                    Thread.sleep(50);
                }
                assertThat(allSeenSince(crowd, since)).as("every user still sees its friend move after both restarts").isTrue();
                crowd.stopMoving();
            }
        }
    }

    /** SIGTERM, wait for the exit, start again on the same port; returns once every client is live again. */
    private static Duration restart(ServerJvm server, Crowd crowd) throws InterruptedException {
        long t0 = System.nanoTime();
        server.sigterm();
        assertThat(server.awaitExit(WINDOW.plusSeconds(10))).as(server + " exits after its drain").isTrue();
        server.start();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        crowd.awaitLive(crowd.users(), Duration.ofSeconds(15));
        return took;
    }

    private static Set<String> friendsOf(ProcessCluster cluster, ServerJvm server, String user) {
        JsonNode list = server.rest(cluster.token(user)).ok("GET", "/api/friends", null).json();
        Set<String> ids = new HashSet<>();
        list.path("friends").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }

    private static boolean allSeenSince(Crowd crowd, long since) {
        return crowd.users().stream().allMatch(u -> u.friends.stream().allMatch(f -> u.lastSighting(f) > since));
    }
}
