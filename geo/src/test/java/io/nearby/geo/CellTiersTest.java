package io.nearby.geo;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static io.nearby.geo.RandomPoints.FIVE_MILES;
import static io.nearby.geo.RandomPoints.bearing;
import static io.nearby.geo.RandomPoints.between;
import static io.nearby.geo.RandomPoints.centre;
import static io.nearby.geo.RandomPoints.radiusMeters;
import static io.nearby.geo.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

class CellTiersTest {
    private static final Radius FIVE = Radius.ofMiles(5);

    @Test
    void fiveMilesUsesPrecision4UpTo78DegreesThen3() {
        CellTiers tiers = new CellTiers(FIVE);
        assertThat(tiers.receivePrecision(0)).isEqualTo(4);
        assertThat(tiers.receivePrecision(51.5)).isEqualTo(4);
        assertThat(tiers.receivePrecision(-78.0)).isEqualTo(4);
        assertThat(tiers.receivePrecision(78.5)).isEqualTo(3);
        assertThat(tiers.receivePrecision(89.9)).as("beyond the limit: the limit's precision").isEqualTo(tiers.receivePrecision(85));
        assertThat(tiers.publishPrecisions(51.5)).containsExactly(4);
        assertThat(tiers.publishPrecisions(78.1)).as("near the tier boundary: both").containsExactly(4, 3);
        assertThat(tiers.publishPrecisions(-80)).containsExactly(3);
    }

    record Pair(double meters, GeoPoint receiver, double bearing, double fraction) {
    }

    /** Whoever publishes within the radius of a receiver publishes on one of the receiver's 9 cells. */
    @Test
    void everyPublisherWithinTheRadiusIsInTheReceiversCells(TestInfo test) {
        forAll(test, 4000, r -> new Pair(r.nextInt(4) == 0 ? FIVE_MILES : radiusMeters(r), centre(r), bearing(r), between(r, 0, 1)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            CellTiers tiers = new CellTiers(radius);
            GeoPoint publisher = GreatCircle.destination(c.receiver(), c.bearing(), c.fraction() * radius.meters());
            int precision = tiers.receivePrecision(c.receiver().lat());
            List<String> published = tiers.publishCells(publisher);
            assertThat(tiers.publishPrecisions(publisher.lat())).as("publisher publishes at the receiver's precision").contains(precision);
            assertThat(tiers.receiveCells(c.receiver())).as("receiver's cells hold the publisher's cell " + published)
                    .containsAnyElementsOf(published);
        });
    }

    /** The same, with receivers in the band around the 5-mile tier boundary (78.1°), where publishers need two precisions. */
    @Test
    void tierBoundariesAreCovered(TestInfo test) {
        CellTiers tiers = new CellTiers(FIVE);
        double boundary = CellGeometry.coveredLatitude(4, FIVE).orElseThrow();
        forAll(test, 3000, r -> new Pair(FIVE_MILES, new GeoPoint((r.nextBoolean() ? 1 : -1) * between(r, boundary - 0.15, boundary + 0.15),
                RandomPoints.longitude(r)), bearing(r), between(r, 0, 1)), c -> {
            GeoPoint publisher = GreatCircle.destination(c.receiver(), c.bearing(), c.fraction() * FIVE_MILES);
            assertThat(tiers.receiveCells(c.receiver())).as("publisher at " + publisher).containsAnyElementsOf(tiers.publishCells(publisher));
        });
    }

    @Test
    void precisionNeverIncreasesTowardsThePoles() {
        CellTiers tiers = new CellTiers(FIVE);
        int previous = tiers.receivePrecision(0);
        for (double lat = 0; lat <= 90; lat += 0.25) {
            int p = tiers.receivePrecision(lat);
            assertThat(p).isLessThanOrEqualTo(previous);
            previous = p;
        }
    }
}
