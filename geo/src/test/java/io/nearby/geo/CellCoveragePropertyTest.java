package io.nearby.geo;

import ch.hsr.geohash.BoundingBox;
import ch.hsr.geohash.GeoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.Set;

import static io.nearby.geo.RandomPoints.FIVE_MILES;
import static io.nearby.geo.RandomPoints.LIMIT;
import static io.nearby.geo.RandomPoints.bearing;
import static io.nearby.geo.RandomPoints.between;
import static io.nearby.geo.RandomPoints.centre;
import static io.nearby.geo.RandomPoints.edgeFraction;
import static io.nearby.geo.RandomPoints.longitude;
import static io.nearby.geo.RandomPoints.radiusMeters;
import static io.nearby.geo.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The proof that the 9 cells at {@link GeoCells#precisionFor} contain every point within the radius:
 * for many radii and centres (biased to the 180° meridian, to the supported latitude limit and to cell
 * edges and corners), points on and inside the circle are generated with the destination formula, and
 * each one's cell must be in the centre's neighbourhood. Inputs come from {@link RandomPoints}, seeded
 * by {@link Tries} ({@code -Dgeo.seed=...}).
 */
class CellCoveragePropertyTest {

    private static final int BEARINGS = 48;

    record RadiusCentreBearing(double meters, GeoPoint centre, double bearing) {
    }

    @Test
    void everyPointWithinTheRadiusIsInTheNeighbourhood(TestInfo test) {
        forAll(test, 4000, r -> new RadiusCentreBearing(radiusMeters(r), centre(r), bearing(r)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            assertCovered(c.centre(), radius, GeoCells.precisionFor(radius), c.bearing());
        });
    }

    @Test
    void fiveMilesIsCoveredEverywhereUpToTheLimit(TestInfo test) {
        forAll(test, 3000, r -> new RadiusCentreBearing(FIVE_MILES, centre(r), bearing(r)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            assertCovered(c.centre(), radius, GeoCells.precisionFor(radius), c.bearing());
        });
    }

    record OnCellEdge(double meters, GeoPoint seed, double northward, double eastward, double bearing) {
    }

    @Test
    void centresOnCellEdgesAndCornersAreCovered(TestInfo test) {
        forAll(test, 3000,
                r -> new OnCellEdge(radiusMeters(r), centre(r), edgeFraction(r), edgeFraction(r), bearing(r)), c -> {
                    Radius radius = Radius.ofMeters(c.meters());
                    int precision = GeoCells.precisionFor(radius);
                    BoundingBox box = GeoHash.withCharacterPrecision(c.seed().lat(), c.seed().lon(), precision)
                            .getBoundingBox();
                    double lat = box.getSouthLatitude() + c.northward() * (box.getNorthLatitude() - box.getSouthLatitude());
                    double lon = box.getWestLongitude() + c.eastward() * (box.getEastLongitude() - box.getWestLongitude());
                    GeoPoint centre = new GeoPoint(Math.max(-LIMIT, Math.min(LIMIT, lat)), lon);
                    assertCovered(centre, radius, precision, c.bearing());
                });
    }

    record BeyondTheLimit(double meters, double towardsLimit, double lon, boolean south, double bearing) {
    }

    /** Beyond the supported limit, coverage still holds as far as {@link CellGeometry#coveredLatitude} claims. */
    @Test
    void coverageHoldsUpToTheComputedLatitude(TestInfo test) {
        forAll(test, 1000, r -> new BeyondTheLimit(radiusMeters(r), between(r, 0, 1), between(r, -180, 180),
                r.nextBoolean(), bearing(r)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            int precision = GeoCells.precisionFor(radius);
            double covered = CellGeometry.coveredLatitude(precision, radius).orElseThrow() - 1e-6;
            double lat = (c.south() ? -1 : 1) * (LIMIT + c.towardsLimit() * (covered - LIMIT));
            assertCovered(new GeoPoint(lat, c.lon()), radius, precision, c.bearing());
        });
    }

    record WithinALowerLimit(double meters, double limit, double whereInRange, double lon, double bearing) {
    }

    /** A deployment may pass a lower limit (e.g. 78 for precision 4 at 5 miles); there cell height can bind. */
    @Test
    void lowerLatitudeLimitsAreCoveredToo(TestInfo test) {
        forAll(test, 1500, r -> new WithinALowerLimit(radiusMeters(r), between(r, 0, 85), between(r, -1, 1),
                longitude(r), bearing(r)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            assertCovered(new GeoPoint(c.whereInRange() * c.limit(), c.lon()), radius,
                    GeoCells.precisionFor(radius, c.limit()), c.bearing());
        });
    }

    record PointAndPrecision(GeoPoint point, int precision) {
    }

    @Test
    void neighbourhoodIsNineDistinctCellsAroundThePoint(TestInfo test) {
        forAll(test, 2000, r -> new PointAndPrecision(new GeoPoint(between(r, -90, 90), longitude(r)),
                r.nextInt(1, 13)), c -> {
            Set<String> cells = GeoCells.neighbourhood(c.point(), c.precision());
            assertThat(cells).hasSize(9).allMatch(cell -> cell.length() == c.precision());
            assertThat(cells.iterator().next()).isEqualTo(GeoCells.cellOf(c.point(), c.precision()));
        });
    }

    /** Points on the circle at {@value #BEARINGS} bearings, plus as many inside it, all in the 9 cells. */
    private static void assertCovered(GeoPoint centre, Radius r, int precision, double firstBearing) {
        Set<String> cells = GeoCells.neighbourhood(centre, precision);
        for (int i = 0; i < BEARINGS; i++) {
            double bearing = firstBearing + i * 360.0 / BEARINGS;
            for (double fraction : new double[] {1.0, (i + 0.5) / BEARINGS}) {
                GeoPoint p = GreatCircle.destination(centre, bearing, fraction * r.meters());
                String cell = GeoCells.cellOf(p, precision);
                if (!cells.contains(cell)) {
                    fail("%s at %.1f m, bearing %.3f from %s: cell %s not in %s (precision %d)",
                            p, fraction * r.meters(), bearing, centre, cell, cells, precision);
                }
            }
        }
    }
}
