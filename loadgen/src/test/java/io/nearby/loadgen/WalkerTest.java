package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.Test;

class WalkerTest {
    private static final double RADIUS = 8046.72;

    @Test
    void stepsAreShortAndNeverLeaveTheDiscAroundHome() {
        Walker walker = new Walker(RADIUS);
        GeoPoint home = new GeoPoint(37.7749, -122.4194);
        GeoPoint at = home;
        Random rnd = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            GeoPoint next = walker.next(home, at, rnd);
            assertThat(GreatCircle.meters(at, next)).isLessThanOrEqualTo(Walker.STEP * RADIUS + 1e-6);
            assertThat(GreatCircle.meters(home, next)).isLessThanOrEqualTo(Walker.LIMIT * RADIUS + 1e-6);
            at = next;
        }
    }

    @Test
    void aWalkerAtTheEdgeHeadsHome() {
        Walker walker = new Walker(RADIUS);
        GeoPoint home = new GeoPoint(0, 0);
        GeoPoint edge = GreatCircle.destination(home, 90, Walker.LIMIT * RADIUS);
        Random rnd = new Random(3);
        for (int i = 0; i < 100; i++) {
            GeoPoint next = walker.next(home, edge, rnd);
            assertThat(GreatCircle.meters(home, next)).isLessThanOrEqualTo(GreatCircle.meters(home, edge) + 1e-6);
        }
    }

    @Test
    void bearingPointsTheRightWay() {
        GeoPoint a = new GeoPoint(10, 10);
        assertThat(Walker.bearing(a, new GeoPoint(11, 10))).isCloseTo(0, within(1e-6));
        assertThat(Walker.bearing(a, new GeoPoint(10, 11))).isCloseTo(90, within(0.1));
        assertThat(Walker.bearing(a, new GeoPoint(9, 10))).isCloseTo(180, within(1e-6));
        assertThat(Walker.bearing(a, new GeoPoint(10, 9))).isCloseTo(270, within(0.1));
    }
}
