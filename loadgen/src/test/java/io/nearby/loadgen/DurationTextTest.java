package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void numbersWithUnitsAndBareSeconds() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationText.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.parse("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("30")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", "s", "-1s", "2 days", "1e3s", null}) {
            assertThatThrownBy(() -> DurationText.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatsTheShortestFaithfulForm() {
        assertThat(DurationText.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(DurationText.format(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }
}
