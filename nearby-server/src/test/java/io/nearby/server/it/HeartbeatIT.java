package io.nearby.server.it;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server pings every connection (NEARBY_WS_PING_SECONDS) and drops one that stays silent for three intervals:
 * a client that vanished without closing (lost network, killed app) does not hold a session and its Redis
 * subscriptions forever. A live client's stack answers pings by itself and stays connected.
 */
class HeartbeatIT {
    @Test
    void aLiveClientStaysAndASilentOneIsDropped() throws Exception {
        try (Cluster cluster = Cluster.builder().env("NEARBY_WS_PING_SECONDS", "1").start()) {
            String live = Cluster.id("live");
            String mute = Cluster.id("mute");
            cluster.user(live);
            cluster.user(mute);
            try (WsClient alive = cluster.connect(live); RawWs silent = RawWs.connect(cluster.server(0).port(), cluster.token(mute))) {
                silent.sendTextFrame("{\"type\":\"ping\"}");
                RawWs.Frame pong = silent.read();
                assertThat(pong.text()).contains("pong");
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cluster.server(0).sessionCount() == 2);

                RawWs.Frame ping = silent.read();
                assertThat(ping.opcode()).as("the server pings").isEqualTo(0x9);
                // the raw client never answers: within ~3 intervals (+1 s tick) it is dropped, the live one stays
                Awaitility.await("the silent connection is dropped").atMost(Duration.ofSeconds(8))
                        .until(() -> cluster.server(0).sessionCount() == 1);
                assertThat(silent.awaitClose()).as("the connection ends (Helidon's terminate sends 1000 and closes)").isIn(-1, 1000, 1001);
                Awaitility.await("the live connection stays for two more intervals").during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> !alive.isClosed() && cluster.server(0).sessionCount() == 1);
                assertThat(alive.isClosed()).isFalse();
                alive.assertAlive();
                assertThat(cluster.server(0).sessionCount()).isEqualTo(1);
            }
        }
    }
}
