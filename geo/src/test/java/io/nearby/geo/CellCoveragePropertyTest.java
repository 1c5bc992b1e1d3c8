package io.nearby.geo;

import ch.hsr.geohash.BoundingBox;
import ch.hsr.geohash.GeoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
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
import static org.assertj.core.api.Assertions.within;

/**
 * The proof that the cells production uses ({@link CellTiers}) contain every point within the radius: for
 * many radii and receivers (biased to the 180° meridian, to the supported latitude limit, to the tier
 * boundaries such as 78.1° for 5 miles, and to cell edges and corners), points on and inside the circle are
 * generated with the destination formula; each one's cell at the receiver's precision must be among the
 * receiver's 9 {@link CellTiers#receiveCells cells}, and a publisher there must publish at that precision.
 * Inputs come from {@link RandomPoints}, seeded by {@link Tries} ({@code -Dgeo.seed=...}).
 */
class CellCoveragePropertyTest {

    private static final int BEARINGS = 48;

    record RadiusCentreBearing(double meters, GeoPoint centre, double bearing) {
    }

    @Test
    void everyPointWithinTheRadiusIsInTheReceiversCells(TestInfo test) {
        forAll(test, 4000, r -> new RadiusCentreBearing(radiusMeters(r), centre(r), bearing(r)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            assertCovered(new CellTiers(radius), c.centre(), radius, c.bearing());
        });
    }

    @Test
    void fiveMilesIsCoveredEverywhereUpToTheLimit(TestInfo test) {
        CellTiers tiers = new CellTiers(Radius.ofMeters(FIVE_MILES));
        forAll(test, 3000, r -> new RadiusCentreBearing(FIVE_MILES, centre(r), bearing(r)),
                c -> assertCovered(tiers, c.centre(), Radius.ofMeters(c.meters()), c.bearing()));
    }

    record NearATierBoundary(double meters, int which, double offset, boolean south, double lon, double bearing) {
    }

    /**
     * Receivers within 0.2° of a latitude where the receive precision changes (78.1° for 5 miles), on both
     * hemispheres and biased to the 180° meridian: a receiver just poleward of it uses the coarser cells,
     * one just equatorward the finer ones, and publishers in between must reach both.
     */
    @Test
    void receiversNearATierBoundaryAreCovered(TestInfo test) {
        forAll(test, 3000, r -> new NearATierBoundary(r.nextInt(3) == 0 ? FIVE_MILES : radiusMeters(r),
                r.nextInt(12), between(r, -0.2, 0.2), r.nextBoolean(), longitude(r), bearing(r)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            CellTiers tiers = new CellTiers(radius);
            List<Double> boundaries = tierBoundaries(tiers, radius);
            double boundary = boundaries.get(c.which() % boundaries.size());
            double lat = Math.min(LIMIT, Math.max(0, boundary + c.offset()));
            assertCovered(tiers, new GeoPoint(c.south() ? -lat : lat, c.lon()), radius, c.bearing());
        });
    }

    @Test
    void fiveMilesTierBoundaryIsNear78Degrees() {
        Radius radius = Radius.ofMeters(FIVE_MILES);
        assertThat(tierBoundaries(new CellTiers(radius), radius)).singleElement()
                .satisfies(boundary -> assertThat(boundary).isCloseTo(78.12, within(0.01)));
    }

    record OnCellEdge(double meters, GeoPoint seed, double northward, double eastward, double bearing) {
    }

    @Test
    void centresOnCellEdgesAndCornersAreCovered(TestInfo test) {
        forAll(test, 3000,
                r -> new OnCellEdge(radiusMeters(r), centre(r), edgeFraction(r), edgeFraction(r), bearing(r)), c -> {
                    Radius radius = Radius.ofMeters(c.meters());
                    CellTiers tiers = new CellTiers(radius);
                    int precision = tiers.receivePrecision(c.seed().lat());
                    BoundingBox box = GeoHash.withCharacterPrecision(c.seed().lat(), c.seed().lon(), precision)
                            .getBoundingBox();
                    double lat = box.getSouthLatitude() + c.northward() * (box.getNorthLatitude() - box.getSouthLatitude());
                    double lon = box.getWestLongitude() + c.eastward() * (box.getEastLongitude() - box.getWestLongitude());
                    GeoPoint centre = new GeoPoint(Math.max(-LIMIT, Math.min(LIMIT, lat)), lon);
                    assertCovered(tiers, centre, radius, c.bearing());
                });
    }

    record BeyondTheLimit(double meters, double towardsLimit, double lon, boolean south, double bearing) {
    }

    /**
     * Beyond the supported limit receivers keep the limit's precision; coverage still holds as far as
     * {@link CellGeometry#coveredLatitude} claims for it.
     */
    @Test
    void coverageHoldsUpToTheComputedLatitude(TestInfo test) {
        forAll(test, 1000, r -> new BeyondTheLimit(radiusMeters(r), between(r, 0, 1), between(r, -180, 180),
                r.nextBoolean(), bearing(r)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            CellTiers tiers = new CellTiers(radius);
            int precision = tiers.receivePrecision(LIMIT);
            double covered = CellGeometry.coveredLatitude(precision, radius).orElseThrow() - 1e-6;
            double lat = (c.south() ? -1 : 1) * (LIMIT + c.towardsLimit() * (covered - LIMIT));
            assertThat(tiers.receivePrecision(lat)).isEqualTo(precision);
            assertCovered(tiers, new GeoPoint(lat, c.lon()), radius, c.bearing());
        });
    }

    record WithinALowerLimit(double meters, double limit, double whereInRange, double lon, double bearing) {
    }

    /** A deployment may pass a lower limit (e.g. 78, to keep precision 4 for 5 miles); there cell height can bind. */
    @Test
    void lowerLatitudeLimitsAreCoveredToo(TestInfo test) {
        forAll(test, 1500, r -> new WithinALowerLimit(radiusMeters(r), between(r, 0, 85), between(r, -1, 1),
                longitude(r), bearing(r)), c -> {
            Radius radius = Radius.ofMeters(c.meters());
            assertCovered(new CellTiers(radius, c.limit()), new GeoPoint(c.whereInRange() * c.limit(), c.lon()),
                    radius, c.bearing());
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

    /**
     * The latitudes in [0, {@value RandomPoints#LIMIT}) where the receive precision of {@code tiers} changes,
     * poleward first; the limit itself when it never changes.
     */
    private static List<Double> tierBoundaries(CellTiers tiers, Radius radius) {
        List<Double> boundaries = new ArrayList<>();
        for (int p = tiers.receivePrecision(LIMIT) + 1; p <= CellGeometry.MAX_PRECISION; p++) {
            OptionalDouble covered = CellGeometry.coveredLatitude(p, radius);
            if (covered.isEmpty()) {
                break;
            }
            if (covered.getAsDouble() < LIMIT) {
                boundaries.add(covered.getAsDouble());
            }
        }
        return boundaries.isEmpty() ? List.of(LIMIT) : boundaries;
    }

    /**
     * Points on the circle around the receiver at {@value #BEARINGS} bearings, plus as many inside it: each
     * one's cell at the receiver's precision is among the receiver's cells, and a publisher there publishes
     * at that precision.
     */
    private static void assertCovered(CellTiers tiers, GeoPoint centre, Radius r, double firstBearing) {
        int precision = tiers.receivePrecision(centre.lat());
        Set<String> cells = tiers.receiveCells(centre);
        for (int i = 0; i < BEARINGS; i++) {
            double bearing = firstBearing + i * 360.0 / BEARINGS;
            for (double fraction : new double[] {1.0, (i + 0.5) / BEARINGS}) {
                GeoPoint p = GreatCircle.destination(centre, bearing, fraction * r.meters());
                String cell = GeoCells.cellOf(p, precision);
                if (!cells.contains(cell)) {
                    fail("%s at %.1f m, bearing %.3f from %s: cell %s not in %s (precision %d)",
                            p, fraction * r.meters(), bearing, centre, cell, cells, precision);
                }
                if (!tiers.publishPrecisions(p.lat()).contains(precision)) {
                    fail("%s at %.1f m, bearing %.3f from %s publishes at %s, not at the receiver's precision %d",
                            p, fraction * r.meters(), bearing, centre, tiers.publishPrecisions(p.lat()), precision);
                }
            }
        }
    }
}
