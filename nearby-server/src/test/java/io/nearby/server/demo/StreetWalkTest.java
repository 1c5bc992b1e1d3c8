package io.nearby.server.demo;

import java.util.SplittableRandom;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class StreetWalkTest {
    private static final GeoPoint CENTRE = new GeoPoint(37.7749, -122.4194);

    @Test
    void walksAtItsSpeedAlongStreetsThatMeetAtRightAngles() {
        StreetWalk walk = new StreetWalk(CENTRE, 5, CENTRE, 600, 1000, false, false, new SplittableRandom(1));
        GeoPoint before = walk.position();
        walk.advance(10);
        // 10 s at 5 km/h is 13.9 m of street; a corner on the way makes the straight line shorter, never longer
        double moved = GreatCircle.meters(before, walk.position());
        assertThat(moved).isLessThanOrEqualTo(13.9 + 1e-6).isGreaterThan(13.9 / Math.sqrt(2) - 1e-6);
        assertThat(walk.metersPerSecond()).isCloseTo(5 / 3.6, offset(1e-9));
    }

    @Test
    void aRoamerComesBackWhenItStraysBeyondItsBand() {
        StreetWalk walk = new StreetWalk(CENTRE, 15, CENTRE, 600, 1000, false, false, new SplittableRandom(7));
        double farthest = 0;
        for (int s = 0; s < 4 * 3600; s++) {
            walk.advance(1);
            farthest = Math.max(farthest, walk.fromCentre());
        }
        // beyond `far` it heads back at the next corner (a block at most 220 m), give or take a detour
        assertThat(farthest).isLessThan(1000 + 3 * StreetWalk.MAX_BLOCK_METERS);
    }

    @Test
    void aCommuterKeepsCrossingTheRadius() {
        double radius = 8046.72;
        GeoPoint start = GreatCircle.destination(CENTRE, 30, radius + 150);
        StreetWalk walk = new StreetWalk(start, 15, CENTRE, radius - 600, radius + 300, true, true, new SplittableRandom(3));
        int crossings = 0;
        boolean inside = walk.fromCentre() <= radius;
        for (int s = 0; s < 3600; s++) {
            walk.advance(1);
            boolean now = walk.fromCentre() <= radius;
            if (now != inside) {
                crossings++;
                inside = now;
            }
        }
        assertThat(crossings).as("crossings of the radius in an hour at 15 km/h").isGreaterThanOrEqualTo(4);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new StreetWalk(CENTRE, 0, CENTRE, 1, 2, false, false, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreetWalk(CENTRE, 5, CENTRE, 2, 2, false, false, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
