package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromTextTest {
    private static final String TEXT = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="ZGC Old Generation"} 1000.0
            jvm_memory_used_bytes{area="heap",id="ZGC Young Generation"} 8.388608E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 2.918892E7
            nearby_fanout_deliveries_total 1234.0
            nearby_fanout_deliveries_total_extra 99.0
            nearby_history_dropped_total{reason="queue_full"} 3.0
            nearby_history_dropped_total{reason="store_failed"} 4.0
            """;

    @Test
    void sumsTheSeriesWithTheLabel() {
        assertThat(PromText.sum(TEXT, "jvm_memory_used_bytes", "area=\"heap\"")).hasValue(1000 + 83_886_080.0);
        assertThat(PromText.sum(TEXT, "nearby_history_dropped_total", "")).hasValue(7.0);
    }

    @Test
    void aNameIsMatchedWholeNotAsAPrefix() {
        assertThat(PromText.sum(TEXT, "nearby_fanout_deliveries_total", "")).hasValue(1234.0);
        assertThat(PromText.sum(TEXT, "nearby_fanout", "")).isEmpty();
    }

    @Test
    void aMissingMetricIsEmpty() {
        assertThat(PromText.sum(TEXT, "nearby_ws_connections", "")).isEmpty();
        assertThat(PromText.sum(TEXT, "jvm_memory_used_bytes", "area=\"offheap\"")).isEmpty();
    }
}
