package io.nearby.geo;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/** The box never excludes a point within the distance (everywhere: poles, the 180° meridian, radii up to 500 mi). */
class NearBoxPropertyTest {
    private record Case(GeoPoint center, double meters, GeoPoint other) {
    }

    private static Case random(SplittableRandom r) {
        double lat = switch (r.nextInt(4)) {
            case 0 -> r.nextDouble(-90, 90);
            case 1 -> r.nextBoolean() ? r.nextDouble(80, 90) : r.nextDouble(-90, -80);
            default -> r.nextDouble(-70, 70);
        };
        double lon = r.nextInt(3) == 0 ? (r.nextBoolean() ? 180 : -180) - Math.signum(r.nextDouble(-1, 1)) * r.nextDouble(0, 2)
                : r.nextDouble(-180, 180);
        GeoPoint center = new GeoPoint(lat, Math.max(-180, Math.min(180, lon)));
        double meters = r.nextBoolean() ? Radius.DEFAULT.meters() : r.nextDouble(10, Radius.ofMiles(Radius.MAX_MILES).meters());
        // another point near the boundary of the circle (inside or just outside), any bearing
        GeoPoint other = GreatCircle.destination(center, r.nextDouble(0, 360), meters * r.nextDouble(0.0, 1.02));
        return new Case(center, meters, other);
    }

    @Test
    void aPointWithinTheDistanceIsNeverExcluded(TestInfo test) {
        Tries.forAll(test, 200_000, NearBoxPropertyTest::random, c -> {
            double d = GreatCircle.meters(c.center(), c.other());
            if (d <= c.meters()) {
                assertThat(NearBox.around(c.center(), c.meters()).mayContain(c.other().lat(), c.other().lon()))
                        .as("%s is %.3f m from %s, within %.1f m", c.other(), d, c.center(), c.meters()).isTrue();
            }
        });
    }

    @Test
    void farPointsAreExcludedCheaply() {
        NearBox paris = NearBox.around(new GeoPoint(48.8566, 2.3522), Radius.DEFAULT.meters());
        assertThat(paris.mayContain(48.8566, 2.3522)).isTrue();
        assertThat(paris.mayContain(48.95, 2.3522)).as("10 km north").isFalse();
        assertThat(paris.mayContain(48.8566, 2.50)).as("11 km east").isFalse();
        assertThat(paris.mayContain(-48.8566, 2.3522)).isFalse();
        NearBox dateLine = NearBox.around(new GeoPoint(0, 179.99), Radius.DEFAULT.meters());
        assertThat(dateLine.mayContain(0, -179.99)).as("2 km across the meridian").isTrue();
        NearBox pole = NearBox.around(new GeoPoint(89.99, 0), Radius.DEFAULT.meters());
        assertThat(pole.mayContain(89.99, 180)).as("across the pole: any longitude").isTrue();
    }
}
