package io.nearby.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

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

    @Test
    void environmentDefaultsToFiveMiles() {
        assertThat(Radius.fromEnvironment(Map.of())).isEqualTo(Radius.DEFAULT);
        assertThat(Radius.fromEnvironment(Map.of("NEARBY_RADIUS_MILES", "  "))).isEqualTo(Radius.DEFAULT);
    }

    @Test
    void environmentAcceptsValidMiles() {
        assertThat(Radius.fromEnvironment(Map.of("NEARBY_RADIUS_MILES", "2.5")).miles()).isCloseTo(2.5, within(1e-12));
        assertThat(Radius.fromEnvironment(Map.of("NEARBY_RADIUS_MILES", " 500 ")).miles()).isCloseTo(500, within(1e-9));
        assertThat(Radius.fromEnvironment(Map.of("NEARBY_RADIUS_MILES", "0.01")).meters()).isCloseTo(16.09344, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5 miles", "NaN", "0", "-1", "500.01", "Infinity", "1e400"})
    void environmentRejectsBadValuesNamingTheVariable(String raw) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Radius.fromEnvironment(Map.of("NEARBY_RADIUS_MILES", raw)))
                .withMessage("NEARBY_RADIUS_MILES must be a number of miles in (0, 500], got '" + raw + "'");
    }
}
