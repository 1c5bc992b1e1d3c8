package io.nearby.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationTest {
    @Test
    void simpleStrategy() {
        Replication r = Replication.parse(Replication.DEFAULT);
        assertThat(r.toCql()).isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(r).hasToString("SimpleStrategy:1");
    }

    @Test
    void networkTopologyStrategyKeepsTheDataCentersInOrder() {
        Replication r = Replication.parse("NetworkTopologyStrategy: eu-west=3, us_east.1=2");
        assertThat(r.toCql()).isEqualTo("{'class': 'NetworkTopologyStrategy', 'eu-west': 3, 'us_east.1': 2}");
        assertThat(r).hasToString("NetworkTopologyStrategy:eu-west=3,us_east.1=2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "3", "SimpleStrategy", "SimpleStrategy:0", "SimpleStrategy:x", "SimpleStrategy:13",
            "LocalStrategy:1", "NetworkTopologyStrategy:", "NetworkTopologyStrategy:dc1", "NetworkTopologyStrategy:dc1=0",
            "NetworkTopologyStrategy:dc1=3,dc1=3", "NetworkTopologyStrategy:'dc'=3", "NetworkTopologyStrategy:dc1=3,"})
    void badValuesAreRefused(String text) {
        assertThatThrownBy(() -> Replication.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "expected" : text);
    }
}
