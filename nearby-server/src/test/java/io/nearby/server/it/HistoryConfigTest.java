package io.nearby.server.it;

import java.time.Duration;
import java.util.Map;

import io.nearby.server.config.ConfigException;
import io.nearby.server.config.NearbyConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history variables: defaults, and failures that name the variable. */
class HistoryConfigTest {
    private static NearbyConfig config(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("NEARBY_JWT_SECRET", Cluster.SECRET);
        return NearbyConfig.fromEnvironment(all);
    }

    @Test
    void defaults() {
        NearbyConfig c = config(Map.of());
        assertThat(c.history().retention().ttl()).isEqualTo(Duration.ofDays(30));
        assertThat(c.history().queueCapacity()).isEqualTo(100_000);
        assertThat(c.history().maxInFlight()).isEqualTo(256);
        assertThat(c.backends().cassandraReplication()).hasToString("SimpleStrategy:1");
        assertThat(c.backends().cassandraContactPoints()).isEmpty();
    }

    @Test
    void productionValues() {
        NearbyConfig c = config(Map.of(
                "NEARBY_HISTORY_TTL_DAYS", "90",
                "NEARBY_HISTORY_QUEUE_CAPACITY", "500000",
                "NEARBY_HISTORY_MAX_IN_FLIGHT", "1024",
                "NEARBY_CASSANDRA_REPLICATION", "NetworkTopologyStrategy:dc1=3",
                "NEARBY_CASSANDRA_CONTACT_POINTS", "cassandra-0.cassandra:9042, cassandra-1.cassandra"));
        assertThat(c.history().retention().ttlSeconds()).isEqualTo(90 * 86_400);
        assertThat(c.history().writerSettings().queueCapacity()).isEqualTo(500_000);
        assertThat(c.history().writerSettings().maxInFlight()).isEqualTo(1024);
        assertThat(c.backends().cassandraReplication().toCql()).isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3}");
        assertThat(c.backends().cassandraContactPoints()).containsExactly("cassandra-0.cassandra:9042", "cassandra-1.cassandra");
    }

    @Test
    void badValuesNameTheVariable() {
        Map<String, String> bad = Map.of(
                "NEARBY_HISTORY_TTL_DAYS", "0",
                "NEARBY_HISTORY_QUEUE_CAPACITY", "10",
                "NEARBY_HISTORY_MAX_IN_FLIGHT", "many",
                "NEARBY_CASSANDRA_REPLICATION", "EverywhereStrategy:3",
                "NEARBY_CASSANDRA_CONTACT_POINTS", "http://cassandra:9042");
        bad.forEach((name, value) -> assertThatThrownBy(() -> config(Map.of(name, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(name + ": "));
    }
}
