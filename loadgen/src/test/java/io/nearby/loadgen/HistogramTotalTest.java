package io.nearby.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistogramTotalTest {
    @Test
    void theTotalLineOfAClassHistogramIsTheLiveHeap() {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         82763       18177104  [B (java.base@25.0.3)
                   2:          2124        6574856  jdk.internal.vm.StackChunk (java.base@25.0.3)
                Total        512345       98765432
                """;
        assertThat(ServerProbe.histogramTotal(histogram)).hasValue(98765432);
        assertThat(ServerProbe.histogramTotal("no histogram")).isEmpty();
    }
}
