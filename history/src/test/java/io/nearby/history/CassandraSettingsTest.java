package io.nearby.history;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraSettingsTest {
    @Test
    void contactPointsAreHostAndPortWith9042ByDefault() {
        assertThat(CassandraSettings.contactPoint("10.0.0.1:9043")).isEqualTo(InetSocketAddress.createUnresolved("10.0.0.1", 9043));
        assertThat(CassandraSettings.contactPoint(" cassandra-0.cassandra ")).isEqualTo(InetSocketAddress.createUnresolved("cassandra-0.cassandra", 9042));
        assertThat(CassandraSettings.contactPoint("[::1]:9044")).isEqualTo(InetSocketAddress.createUnresolved("::1", 9044));
        assertThat(CassandraSettings.contactPoint("[::1]")).isEqualTo(InetSocketAddress.createUnresolved("::1", 9042));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":9042", "host:", "host:x", "host:0", "host:70000", "::1", "[::1", "[::1]x", "http://h:1", "a b:1"})
    void badContactPointsAreRefused(String text) {
        assertThatThrownBy(() -> CassandraSettings.contactPoint(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected host:port");
    }

    @Test
    void describeNamesTheNodesAndKeyspace() {
        CassandraSettings s = CassandraSettings.of(List.of(CassandraSettings.contactPoint("a:1"), CassandraSettings.contactPoint("b")),
                "nearby", "dc1", Replication.parse(Replication.DEFAULT));
        assertThat(s.describe()).isEqualTo("a:1,b:9042 keyspace nearby");
        assertThatThrownBy(() -> CassandraSettings.of(List.of(), "nearby", "dc1", s.replication()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CassandraSettings.of(s.contactPoints(), "near-by", "dc1", s.replication()))
                .hasMessageContaining("keyspace");
    }
}
