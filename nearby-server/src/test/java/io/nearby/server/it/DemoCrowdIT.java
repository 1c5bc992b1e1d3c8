package io.nearby.server.it;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev-mode demo crowd (POST/GET/DELETE /api/dev/demo) seen by a plain protocol client: the demo users become
 * the host's friends through the friends API and arrive as friend_location on the host's WebSocket, each over its
 * own WebSocket session; stopping the demo takes them away again.
 */
class DemoCrowdIT {
    private static final double LAT = 40.7580;
    private static final double LON = -73.9855;

    private static Cluster devCluster() {
        return Cluster.builder().env("NEARBY_DEV_MODE", "true").start();
    }

    @Test
    void theCrowdBefriendsTheHostWalksOverRealSessionsAndLeavesWhenStopped() {
        try (Cluster cluster = devCluster()) {
            String host = Cluster.id("host");
            Rest rest = cluster.user(host);
            try (WsClient ws = cluster.connect(host)) {
                ws.init(LAT, LON);
                ws.expect("nearby");

                JsonNode crowd = rest.ok("POST", "/api/dev/demo", "{\"lat\":" + LAT + ",\"lon\":" + LON + "}").json();
                assertThat(crowd.path("running").asBoolean()).isTrue();
                assertThat(crowd.path("friends")).hasSize(12);
                assertThat(crowd.path("strangers")).hasSize(3);
                Set<String> demoFriends = new HashSet<>();
                crowd.path("friends").forEach(id -> demoFriends.add(id.asText()));

                JsonNode lists = rest.ok("GET", "/api/friends", null).json();
                Set<String> friends = new HashSet<>();
                lists.path("friends").forEach(f -> friends.add(f.path("id").asText()));
                assertThat(friends).isEqualTo(demoFriends);
                assertThat(rest.ok("GET", "/api/dev/demo", null).json().path("running").asBoolean()).isTrue();
                // every demo user holds its own session, like any client
                assertThat(cluster.server(0).sessionCount()).isGreaterThanOrEqualTo(1 + 12 + 3);

                Set<String> seen = new HashSet<>();
                Awaitility.await("5 demo friends move on the host's WebSocket").atMost(Duration.ofSeconds(30)).until(() -> {
                    ws.drain(m -> m.path("type").asText().equals("friend_location")).forEach(m -> seen.add(m.path("id").asText()));
                    return seen.size() >= 5;
                });
                assertThat(demoFriends).containsAll(seen);

                rest.call("DELETE", "/api/dev/demo", null);
                assertThat(rest.ok("GET", "/api/friends", null).json().path("friends")).isEmpty();
                assertThat(rest.ok("GET", "/api/dev/demo", null).json().path("running").asBoolean()).isFalse();
                Set<String> gone = new HashSet<>();
                Awaitility.await("every demo friend the host saw is gone").atMost(Duration.ofSeconds(10)).until(() -> {
                    ws.drain(m -> m.path("type").asText().equals("friend_gone")).forEach(m -> gone.add(m.path("id").asText()));
                    return gone.containsAll(seen);
                });
                Awaitility.await("the demo sessions closed").atMost(Duration.ofSeconds(10))
                        .until(() -> cluster.server(0).sessionCount() == 1);
            }
        }
    }

    @Test
    void aDemoNeedsTheHostsProfileAndAValidPosition() {
        try (Cluster cluster = devCluster()) {
            String host = Cluster.id("nobody");
            Rest rest = cluster.rest(host);
            assertThat(rest.call("POST", "/api/dev/demo", "{\"lat\":1,\"lon\":2}").status()).isEqualTo(404);
            cluster.user(host);
            assertThat(rest.call("POST", "/api/dev/demo", "{\"lat\":91,\"lon\":2}").status()).isEqualTo(400);
            Rest.Response missing = rest.call("POST", "/api/dev/demo", "{\"lat\":1}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().path("message").asText()).contains("lon");
            assertThat(rest.call("POST", "/api/dev/demo", "{\"lat\":\"north\",\"lon\":2}").status()).isEqualTo(400);
            assertThat(cluster.rest(null).call("POST", "/api/dev/demo", "{\"lat\":1,\"lon\":2}").status()).isEqualTo(401);
        }
    }

    @Test
    void outsideDevModeThereIsNoDemo() {
        try (Cluster cluster = Cluster.builder().start()) {
            String host = Cluster.id("host");
            Rest rest = cluster.user(host);
            assertThat(rest.call("POST", "/api/dev/demo", "{\"lat\":1,\"lon\":2}").status()).isEqualTo(404);
            assertThat(cluster.rest(null).call("GET", "/client-config.json", null).json().path("devMode").asBoolean()).isFalse();
            assertThat(cluster.rest(null).call("GET", "/client-config.json", null).json().has("demo")).isFalse();
        }
    }
}
