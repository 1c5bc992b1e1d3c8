package io.nearby.server.it;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.server.fanout.Channels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 12 item 9a: a server's subscriber connection is dropped by Redis for exceeding
 * {@code client-output-buffer-limit pubsub}. Two real server processes on one Pub/Sub node (its own redis-server,
 * configured with a tiny limit: {@code pubsub 32kb 16kb 1}) and a separate cache. Alice is on server A, her friend Bob
 * on server B. Server A falls behind its subscriber connection the plainest way there is: it stops reading
 * (SIGSTOP, as in a long GC pause or a starved CPU) while a burst is published on a channel it subscribes to. Redis
 * buffers the burst for A, goes over the limit and drops the connection (its log says so). Bob moves meanwhile — that
 * update is lost on the way to A. When A runs again it must notice the drop, reconnect, resubscribe, count the
 * reconnect ({@code nearby_pubsub_reconnects_total}) and make Alice's session re-read Bob from the cache, so that Alice
 * sees the position she missed — without her WebSocket being touched. Server B, whose subscriber was not behind, is
 * not disturbed.
 */
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnFailure.class)
class PubSubOverflowIT {
    private static final GeoPoint HOME = new GeoPoint(45.4642, 9.1900);
    private static final String FILLER = "x".repeat(4096);
    private static final long MAX_BURST_BYTES = 256L << 20;

    @Test
    @Timeout(120)
    void aSubscriberDroppedForItsOutputBufferReconnectsResubscribesAndReloadsWhatItMissedFromTheCache() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(2, true, Map.of());
             Jedis node = new Jedis(URI.create(cluster.pubsubNode().url()));
             Jedis cache = new Jedis(URI.create(cluster.redis().url()))) {
            ServerJvm a = cluster.server(0);
            ServerJvm b = cluster.server(1);
            node.configSet("client-output-buffer-limit", "pubsub 32kb 16kb 1");
            String alice = Cluster.id("alice");
            String bob = Cluster.id("bob");
            cluster.users(List.of(alice, bob), 2);
            cluster.befriend(List.<String[]>of(new String[] {alice, bob}), 1);

            try (WsClient al = WsClient.connect(a.ws(cluster.token(alice)), "alice");
                 WsClient bo = WsClient.connect(b.ws(cluster.token(bob)), "bob")) {
                al.init(HOME.lat(), HOME.lon());
                al.expect("nearby");
                GeoPoint bobAt = GreatCircle.destination(HOME, 90, 300);
                bo.init(bobAt.lat(), bobAt.lon());
                bo.expect("nearby");
                al.expectFriendLocation(bob);
                String bobChannel = Channels.user(bob);
                assertThat(node.pubsubNumSub(bobChannel).get(bobChannel)).as("A subscribes to Bob's channel").isEqualTo(1L);
                double reconnectsA = a.metric("nearby_pubsub_reconnects_total");
                double reconnectsB = b.metric("nearby_pubsub_reconnects_total");

                // A stops reading; a burst on Bob's channel piles up for it in Redis until the limit drops it
                a.pause();
                long paused = System.nanoTime();
                long bytes = 0;
                long receivers = 1;
                while (receivers > 0 && bytes < MAX_BURST_BYTES) {
                    receivers = node.publish(bobChannel, FILLER);
                    bytes += FILLER.length();
                }
                long dropped = System.nanoTime();
                assertThat(receivers).as("Redis dropped A's subscriber within " + (MAX_BURST_BYTES >> 20) + " MiB of burst").isZero();
                String redisLog = Files.readString(cluster.pubsubNode().logFile());
                assertThat(redisLog).as("the node's log names the output buffer limit as the cause")
                        .contains("scheduled to be closed ASAP for overcoming of output buffer limits");

                // Bob moves while A's subscription is gone: B caches the position and publishes it to nobody
                GeoPoint moved = GreatCircle.destination(bobAt, 0, 30);
                bo.location(moved.lat(), moved.lon());
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!String.valueOf(cache.get("loc:" + bob)).startsWith(moved.lat() + ",") && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(cache.get("loc:" + bob)).as("Bob's move is in the cache; Bob got " + bo.drain(m -> true)).startsWith(moved.lat() + ",");

                a.resume();
                long resumed = System.nanoTime();
                long reconnected = -1;
                long resubscribed = -1;
                deadline = resumed + Duration.ofSeconds(25).toNanos();
                while (System.nanoTime() < deadline && (reconnected < 0 || resubscribed < 0)) {
                    if (resubscribed < 0 && node.pubsubNumSub(bobChannel).get(bobChannel) == 1L) {
                        resubscribed = System.nanoTime();
                    }
                    if (reconnected < 0 && a.metric("nearby_pubsub_reconnects_total") > reconnectsA) {
                        reconnected = System.nanoTime();
                    }
                    Thread.sleep(10);
                }
                assertThat(resubscribed).as("A subscribed to Bob's channel again within 25 s").isPositive();
                assertThat(reconnected).as("A counted the reconnect within 25 s").isPositive();
                JsonNode seen = al.expect("friend_location", Duration.ofSeconds(25));
                long whole = System.nanoTime();
                assertThat(seen.path("id").asText()).isEqualTo(bob);
                assertThat(seen.path("lat").asDouble()).as("the position Alice missed, from the cache").isCloseTo(moved.lat(), within(1e-6));
                assertThat(seen.path("lon").asDouble()).isCloseTo(moved.lon(), within(1e-6));

                System.out.printf("[measure] pubsub overflow: A's subscriber dropped by Redis (pubsub 32kb 16kb 1) after %d KiB of burst,"
                                + " %d ms after A stopped reading%n", bytes >> 10, ms(dropped - paused));
                System.out.printf("[measure] pubsub overflow: after A runs again: subscriber re-established and counted in %d ms,"
                                + " Bob's channel resubscribed in %d ms, Alice shown the position she missed (from the cache) in %d ms;"
                                + " drop -> whole again %d ms (of which %d ms A was still stopped)%n",
                        ms(reconnected - resumed), ms(resubscribed - resumed), ms(whole - resumed), ms(whole - dropped), ms(resumed - dropped));

                assertThat(ms(reconnected - dropped)).as("noticed and reconnected within 25 s of the drop").isLessThanOrEqualTo(25_000);
                assertThat(a.metric("nearby_pubsub_reconnects_total")).as("exactly one reconnect counted").isEqualTo(reconnectsA + 1);
                assertThat(b.metric("nearby_pubsub_reconnects_total")).as("B's subscriber was not behind: untouched").isEqualTo(reconnectsB);
                assertThat(al.isClosed()).as("Alice's WebSocket was not touched").isFalse();
                al.assertAliveAmid();

                // and live updates flow again the normal way
                GeoPoint next = GreatCircle.destination(moved, 0, 5);
                bo.location(next.lat(), next.lon());
                JsonNode live = al.expect("friend_location", Duration.ofSeconds(2));
                assertThat(live.path("lat").asDouble()).isCloseTo(next.lat(), within(1e-6));
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
