package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearby.api.UserIds;
import org.junit.jupiter.api.Test;

class RunIdsTest {
    @Test
    void idsRoundTripAndAreValidUserIds() {
        RunIds ids = RunIds.fromClock(1_764_190_000_000L);

        assertThat(ids.prefix()).matches("b[0-9a-z]+-");
        for (int i : new int[] {0, 7, 4999, 123_456_789}) {
            assertThat(UserIds.valid(ids.id(i))).isTrue();
            assertThat(ids.index(ids.id(i))).isEqualTo(i);
        }
    }

    @Test
    void foreignIdsHaveNoIndex() {
        RunIds ids = new RunIds("run1-");

        assertThat(ids.index("run2-5")).isEqualTo(-1);
        assertThat(ids.index("run1-")).isEqualTo(-1);
        assertThat(ids.index("run1-x5")).isEqualTo(-1);
        assertThat(ids.index("alice")).isEqualTo(-1);
        assertThat(ids.index(null)).isEqualTo(-1);
        assertThat(ids.index("run1-12345678901")).isEqualTo(-1);
    }
}
