package io.nearby.server.it;

import java.nio.file.Path;

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
        try (Cluster server = Cluster.builder().env("NEARBY_DB_URL", url).start()) {
            server.awaitHistoryUp();
            assertThat(server.server(0).health().report().checks().get("history").detail()).startsWith("jdbc jdbc:h2:file:");
            server.user(alice);
            try (WsClient ws = server.connect(alice)) {
                ws.init(48.8566, 2.3522, ts);
                ws.expect("nearby");
                ws.location(48.8567, 2.3523, ts + 1_000);
                ws.processed();
            }
            assertThat(server.awaitHistory(alice, "", 2)).extracting(p -> p.path("ts").asLong()).containsExactly(ts + 1_000, ts);

            String metrics = server.rest(null).call("GET", "/metrics", null).body();
            assertThat(metrics).contains("nearby_history_written_total", "nearby_history_queue_size",
                    "nearby_history_dropped_total{reason=\"queue_full\"}", "nearby_history_dropped_total{reason=\"store_failed\"}");
        }
        try (Cluster again = Cluster.builder().env("NEARBY_DB_URL", url).start()) {
            assertThat(again.rest(alice).history("")).as("kept across a restart").hasSize(2);
            assertThat(again.rest(alice).call("DELETE", "/api/users/me/history", null).status()).isEqualTo(204);
            assertThat(again.rest(alice).history("")).isEmpty();
        }
    }
}
