package io.nearby.geo;

import ch.hsr.geohash.GeoHash;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class GeoCellsTest {

    private static final Radius FIVE_MILES = Radius.ofMiles(5);

    @Test
    void cellSizesMatchTheGeohashTable() {
        assertThat(CellGeometry.widthDegrees(4)).isEqualTo(0.3515625);
        assertThat(CellGeometry.heightDegrees(4)).isEqualTo(0.17578125);
        assertThat(CellGeometry.heightMeters(4)).isCloseTo(19_546, within(1.0));
        assertThat(CellGeometry.eastWestClearanceMeters(4, 0)).isCloseTo(39_092, within(1.0));
        assertThat(CellGeometry.heightMeters(5)).isCloseTo(4_886.5, within(1.0));
        assertThat(CellGeometry.eastWestClearanceMeters(4, 85)).isCloseTo(3_407, within(1.0));
        assertThat(CellGeometry.eastWestClearanceMeters(3, 85)).isCloseTo(13_627, within(1.0));
    }

    /** The receive precision at the supported limit (85 degrees), the coarsest a receiver uses. */
    private static int precisionAtTheLimit(Radius radius) {
        return new CellTiers(radius).receivePrecision(GeoCells.DEFAULT_MAX_ABS_LATITUDE);
    }

    @Test
    void fiveMilesUsesPrecisionThreeUpTo85Degrees() {
        assertThat(precisionAtTheLimit(FIVE_MILES)).isEqualTo(3);
        assertThat(CellGeometry.coveredLatitude(3, FIVE_MILES).getAsDouble()).isCloseTo(87.05, within(0.01));
        // precision 4 would do up to 78.1 degrees only
        assertThat(CellGeometry.coveredLatitude(4, FIVE_MILES).getAsDouble()).isCloseTo(78.12, within(0.01));
        assertThat(new CellTiers(FIVE_MILES).receivePrecision(78)).isEqualTo(4);
        assertThat(new CellTiers(FIVE_MILES).receivePrecision(0)).isEqualTo(4);
        assertThat(new CellTiers(FIVE_MILES, 78).receivePrecision(85)).as("a deployment limited to 78 degrees").isEqualTo(4);
        assertThat(CellGeometry.coveredLatitude(5, FIVE_MILES)).isEmpty();
    }

    @Test
    void precisionFollowsTheRadius() {
        assertThat(precisionAtTheLimit(Radius.ofMeters(100))).isEqualTo(6);
        assertThat(precisionAtTheLimit(Radius.ofMeters(10))).isEqualTo(7);
        assertThat(precisionAtTheLimit(Radius.ofMeters(0.001))).isEqualTo(12);
        assertThat(precisionAtTheLimit(Radius.ofMeters(50_000))).isEqualTo(2);
        // too large for any precision up to 85 degrees: the coarsest, with coverage to 79.7 degrees
        Radius huge = Radius.ofMiles(500);
        assertThat(precisionAtTheLimit(huge)).isEqualTo(1);
        assertThat(CellGeometry.coveredLatitude(1, huge).getAsDouble()).isCloseTo(79.7, within(0.1));
    }

    @Test
    void precisionIsTheLargestThatCovers() {
        for (double meters : new double[] {10, 100, 1_000, 8_046.72, 20_000, 50_000}) {
            Radius r = Radius.ofMeters(meters);
            CellTiers tiers = new CellTiers(r);
            for (double lat : new double[] {0, 30, 60, 78, 80, 85}) {
                int p = tiers.receivePrecision(lat);
                assertThat(CellGeometry.covers(p, r, lat)).as("%s m at %s", meters, lat).isTrue();
                assertThat(CellGeometry.covers(p + 1, r, lat)).as("%s m at %s", meters, lat).isFalse();
            }
        }
    }

    /** The counter-example that rules out precision 4 for 5 miles at 85 degrees. */
    @Test
    void precisionFourMissesAStrangerFiveMilesWestAt85Degrees() {
        GeoHash cell = GeoHash.withCharacterPrecision(85, 10, 4);
        GeoPoint centre = new GeoPoint(85, cell.getBoundingBox().getWestLongitude() + 1e-9);
        GeoPoint stranger = GreatCircle.destination(centre, 270, 8_000);
        assertThat(GeoCells.neighbourhood(centre, 4)).doesNotContain(GeoCells.cellOf(stranger, 4));
        assertThat(GeoCells.neighbourhood(centre, 3)).contains(GeoCells.cellOf(stranger, 3));
    }

    @Test
    void neighbourhoodIsNineDistinctCellsStartingWithTheCentre() {
        GeoPoint london = new GeoPoint(51.5074, -0.1278);
        Set<String> cells = GeoCells.neighbourhood(london, 4);
        assertThat(cells).hasSize(9).allMatch(c -> c.length() == 4);
        assertThat(cells.iterator().next()).isEqualTo(GeoCells.cellOf(london, 4)).isEqualTo("gcpv");
    }

    @Test
    void neighbourhoodWrapsAcrossThe180Meridian() {
        GeoPoint east = new GeoPoint(0.5, 179.99);
        GeoPoint west = new GeoPoint(0.5, -179.99);
        assertThat(GeoCells.neighbourhood(east, 5)).contains(GeoCells.cellOf(west, 5));
        assertThat(GeoCells.neighbourhood(west, 5)).contains(GeoCells.cellOf(east, 5));
        long onWestSide = GeoCells.neighbourhood(east, 5).stream()
                .filter(c -> GeoHash.fromGeohashString(c).getBoundingBox().getCenter().getLongitude() < 0)
                .count();
        assertThat(onWestSide).isEqualTo(3);
    }

    @Test
    void longitude180IsTheSameCellAsMinus180() {
        assertThat(GeoCells.cellOf(new GeoPoint(10, 180), 6)).isEqualTo(GeoCells.cellOf(new GeoPoint(10, -180), 6));
    }

    @Test
    void nearThePolesTheNeighbourhoodStillHasNineNames() {
        assertThat(GeoCells.neighbourhood(new GeoPoint(89.99, 10), 3)).hasSize(9);
        assertThat(GeoCells.neighbourhood(new GeoPoint(-90, -180), 1)).hasSize(9);
        assertThatIllegalArgumentException().isThrownBy(() -> GeoCells.cellOf(new GeoPoint(0, 0), 13));
        assertThatIllegalArgumentException().isThrownBy(() -> GeoCells.neighbourhood(new GeoPoint(0, 0), 0));
    }
}
