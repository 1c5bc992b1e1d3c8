package io.nearby.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class RadiusTest {

    @Test
    void convertsMilesAndMeters() {
        assertThat(Radius.ofMiles(5).meters()).isCloseTo(8046.72, within(1e-9));
        assertThat(Radius.ofMeters(1609.344).miles()).isCloseTo(1.0, within(1e-12));
        assertThat(Radius.DEFAULT).isEqualTo(Radius.ofMiles(5));
    }

    @Test
    void containsItsBoundaryButNotBeyondOrNaN() {
        Radius r = Radius.ofMeters(1000);
        assertThat(r.contains(0)).isTrue();
        assertThat(r.contains(1000)).isTrue();
        assertThat(r.contains(1000.0001)).isFalse();
        assertThat(r.contains(Double.NaN)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsNonsenseMeters(double meters) {
        assertThatIllegalArgumentException().isThrownBy(() -> Radius.ofMeters(meters));
    }
}
