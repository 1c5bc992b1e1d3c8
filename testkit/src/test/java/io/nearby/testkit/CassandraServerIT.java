package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServers.class)
class CassandraServerIT {

    @Test
    void writesReadsAndKeepsDataAcrossKillAndRestart(CassandraServer cassandra) {
        assertThat(cassandra.contactPoint()).isEqualTo("127.0.0.1:" + cassandra.port());
        String keyspace = cassandra.newKeyspaceName();
        try (CqlSession session = connect(cassandra)) {
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE " + keyspace + ".location (user_id bigint, at timestamp, lat double,"
                    + " lon double, PRIMARY KEY (user_id, at)) WITH CLUSTERING ORDER BY (at DESC)");
            session.execute("INSERT INTO " + keyspace + ".location (user_id, at, lat, lon)"
                    + " VALUES (42, '2025-01-01T00:00:00Z', 52.52, 13.40)");
            assertThat(latitude(session, keyspace)).isEqualTo(52.52);
        }

        cassandra.kill();
        cassandra.restart();

        try (CqlSession session = connect(cassandra)) {
            assertThat(latitude(session, keyspace)).as("after kill and restart; log %s", cassandra.logFile())
                    .isEqualTo(52.52);
        }
    }

    @Test
    void keyspaceNamesAreUnique(CassandraServer cassandra) {
        assertThat(cassandra.newKeyspaceName()).isNotEqualTo(cassandra.newKeyspaceName())
                .matches("[a-z][a-z0-9_]{0,47}");
        assertThat(cassandra.localDatacenter()).isEqualTo("datacenter1");
    }

    private static double latitude(CqlSession session, String keyspace) {
        Row row = session.execute("SELECT lat FROM " + keyspace + ".location WHERE user_id = 42").one();
        assertThat(row).isNotNull();
        return row.getDouble("lat");
    }

    private static CqlSession connect(CassandraServer cassandra) {
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress("127.0.0.1", cassandra.port()))
                .withLocalDatacenter(cassandra.localDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(15))
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                        .build())
                .build();
    }
}
