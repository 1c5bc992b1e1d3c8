package io.nearby.server.it;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.nearby.testkit.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no Cassandra configured (what {@code ./nearby up} runs), history lives in the user DB: an H2 file here, as
 * under ./data. Same writer, same REST, same metrics and health check; points survive a restart.
 */
class HistoryEmbeddedIT {
    @Test
    void historyLivesInTheH2UserDbAndSurvivesARestart(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("nearby");
        String alice = Cluster.id("alice");
        long ts = System.currentTimeMillis();
        try (HistoryIT.Server server = HistoryIT.Server.start(Clock.systemUTC(), Map.of("NEARBY_DB_URL", url))) {
            server.awaitHistoryUp();
            assertThat(server.server().health().report().checks().get("history").detail()).startsWith("jdbc jdbc:h2:file:");
            server.user(alice);
            try (WsClient ws = server.connect(alice)) {
                ws.send(HistoryIT.Server.fix("init", 48.8566, 2.3522, ts));
                ws.expect("nearby");
                ws.send(HistoryIT.Server.fix("location", 48.8567, 2.3523, ts + 1_000));
                HistoryIT.Server.processed(ws);
            }
            assertThat(server.awaitHistory(alice, "", 2)).extracting(p -> p.path("ts").asLong()).containsExactly(ts + 1_000, ts);

            String metrics = server.anonymous().call("GET", "/metrics", null).body();
            assertThat(metrics).contains("nearby_history_written_total", "nearby_history_queue_size",
                    "nearby_history_dropped_total{reason=\"queue_full\"}", "nearby_history_dropped_total{reason=\"store_failed\"}");
        }
        try (HistoryIT.Server again = HistoryIT.Server.start(Clock.systemUTC(), Map.of("NEARBY_DB_URL", url))) {
            assertThat(again.history(alice, "")).as("kept across a restart").hasSize(2);
            assertThat(again.rest(alice).call("DELETE", "/api/users/me/history", null).status()).isEqualTo(204);
            assertThat(again.history(alice, "")).isEmpty();
        }
    }
}
