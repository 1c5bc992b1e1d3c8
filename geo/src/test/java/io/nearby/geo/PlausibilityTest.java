package io.nearby.geo;

import org.junit.jupiter.api.Test;

import static io.nearby.geo.Plausibility.Verdict.IMPLAUSIBLE;
import static io.nearby.geo.Plausibility.Verdict.OK;
import static io.nearby.geo.Plausibility.Verdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;

class PlausibilityTest {
    private static final GeoPoint PARIS = new GeoPoint(48.8566, 2.3522);
    private static final GeoPoint NEW_YORK = new GeoPoint(40.7128, -74.0060);
    private final Plausibility rules = new Plausibility(1200);

    @Test
    void aTeleportIsImplausibleAndAFlightIsNot() {
        long t = 1_800_000_000_000L;
        assertThat(rules.check(PARIS, t, NEW_YORK, t + 1_000)).as("5,837 km in a second").isEqualTo(IMPLAUSIBLE);
        assertThat(rules.check(PARIS, t, NEW_YORK, t + 8 * 3_600_000L)).as("the same in an 8-hour flight").isEqualTo(OK);
        assertThat(rules.check(null, 0, NEW_YORK, t)).as("no last fix").isEqualTo(OK);
    }

    @Test
    void theLimitIsTheSpeedPlusTheSlack() {
        long t = 1_800_000_000_000L;
        // 1200 km/h = 333.3 m/s: in 10 s, 3,333 m + 100 m of slack
        assertThat(rules.check(PARIS, t, GreatCircle.destination(PARIS, 45, 3_420), t + 10_000)).isEqualTo(OK);
        assertThat(rules.check(PARIS, t, GreatCircle.destination(PARIS, 45, 3_450), t + 10_000)).isEqualTo(IMPLAUSIBLE);
        assertThat(rules.check(PARIS, t, GreatCircle.destination(PARIS, 0, 90), t)).as("GPS jitter, same ms").isEqualTo(OK);
        assertThat(rules.check(PARIS, t, GreatCircle.destination(PARIS, 0, 150), t)).isEqualTo(IMPLAUSIBLE);
    }

    @Test
    void anOlderFixIsStaleWhateverTheLimit() {
        long t = 1_800_000_000_000L;
        assertThat(rules.check(PARIS, t, PARIS, t - 3_600_000)).isEqualTo(STALE);
        assertThat(new Plausibility(0).check(PARIS, t, PARIS, t - 1)).isEqualTo(STALE);
        assertThat(new Plausibility(0).check(PARIS, t, NEW_YORK, t)).as("0 turns the speed check off").isEqualTo(OK);
        assertThat(rules.check(PARIS, t, PARIS, t)).as("the same fix again is not stale").isEqualTo(OK);
    }
}
