package io.nearby.loadgen;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CadenceWorldTest {
    private final CadenceWorld world = new CadenceWorld(1000, 10, 20, 4, 42);

    @Test
    void friendsAreMostlyInOtherCitiesAndAFewInTheSameOne() {
        double perUser = 2.0 * world.edges().size() / world.users();
        double local = 2.0 * world.sameCityEdges().size() / world.users();
        assertThat(perUser).isBetween(17.0, 20.0);
        assertThat(local).isBetween(3.0, 4.5);
        for (int[] e : world.sameCityEdges()) {
            assertThat(world.city(e[0])).isEqualTo(world.city(e[1]));
        }
        long far = world.edges().stream().filter(e -> world.city(e[0]) != world.city(e[1])).count();
        assertThat(far).isEqualTo(world.edges().size() - world.sameCityEdges().size());
        assertThat(world.edges()).allSatisfy(e -> assertThat(e[0]).isLessThan(e[1]));
    }

    @Test
    void everyoneMovesContinuouslyAtTheirSpeedAndNoFasterThan60KmH() {
        int still = 0;
        for (int u = 0; u < world.users(); u++) {
            double kmh = world.speedKmh(u);
            assertThat(kmh).isBetween(0.0, CadenceWorld.MAX_SPEED_KMH);
            GeoPoint a = world.position(u, 1000);
            GeoPoint b = world.position(u, 1001);
            assertThat(GreatCircle.meters(a, b) * 3.6).as("user " + u + " over one second").isCloseTo(kmh, within(0.5));
            if (kmh == 0) {
                still++;
                assertThat(world.position(u, 0)).isEqualTo(world.position(u, 5000));
            }
        }
        assertThat(still).isBetween(420, 580);
    }

    @Test
    void citiesAreFarApartAndSomeSameCityFriendsAreWithinTheRadius() {
        double radius = 5 * io.nearby.geo.Radius.METERS_PER_MILE;
        for (int[] e : world.edges()) {
            if (world.city(e[0]) != world.city(e[1])) {
                assertThat(world.meters(e[0], e[1], 0)).isGreaterThan(150_000);
            }
        }
        long near = world.sameCityEdges().stream().filter(e -> world.meters(e[0], e[1], 0) <= radius).count();
        assertThat(near).isBetween(world.sameCityEdges().size() / 5L, world.sameCityEdges().size() * 4L / 5);
    }

    @Test
    void theSameSeedIsTheSameWorld() {
        CadenceWorld again = new CadenceWorld(1000, 10, 20, 4, 42);
        assertThat(again.edges()).hasSameSizeAs(world.edges());
        assertThat(again.position(7, 123)).isEqualTo(world.position(7, 123));
    }
}
