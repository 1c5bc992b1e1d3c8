package io.nearby.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.nearby.geo.RandomPoints.between;
import static io.nearby.geo.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;

class CoarseningTest {

    @Test
    void snappingIsDeterministicIdempotentAndNearby(TestInfo test) {
        forAll(test, 1500, r -> new GeoPoint(between(r, -90, 90), between(r, -180, 180)), p -> {
            GeoPoint snapped = Coarsening.snapToGrid(p);
            assertThat(Coarsening.snapToGrid(new GeoPoint(p.lat(), p.lon()))).isEqualTo(snapped);
            assertThat(Coarsening.snapToGrid(snapped)).isEqualTo(snapped);
            // half the diagonal of a ~1 km cell; cells in the rows at the poles are wedges, up to ~870 m
            double limit = Math.abs(p.lat()) <= 85 ? 710 : 1000;
            assertThat(GreatCircle.meters(p, snapped)).isLessThanOrEqualTo(limit);
        });
    }

    record PointAndOffset(double lat, double lon, double north, double east) {
    }

    @Test
    void everyPointOfACellGivesTheSameOutput(TestInfo test) {
        forAll(test, 1500, r -> new PointAndOffset(between(r, -85, 85), between(r, -180, 180),
                between(r, -0.4999, 0.4999), between(r, -0.4999, 0.4999)), c -> {
            GeoPoint centre = Coarsening.snapToGrid(new GeoPoint(c.lat(), c.lon()));
            double width = Coarsening.columnWidthDegrees(centre.lat());
            GeoPoint elsewhereInCell = new GeoPoint(centre.lat() + c.north() * Coarsening.GRID_DEGREES,
                    centre.lon() + c.east() * width);
            assertThat(Coarsening.snapToGrid(elsewhereInCell)).isEqualTo(centre);
            assertThat(width * Math.cos(Math.toRadians(centre.lat())) * Math.PI / 180 * GreatCircle.EARTH_RADIUS_METERS)
                    .isBetween(1000.0, 1010.0);
        });
    }

    @Test
    void gridClosesUpAtThe180Meridian() {
        assertThat(Coarsening.snapToGrid(new GeoPoint(12, 180))).isEqualTo(Coarsening.snapToGrid(new GeoPoint(12, -180)));
        assertThat(Coarsening.snapToGrid(new GeoPoint(90, 0)).lat()).isLessThan(90);
    }

    @Test
    void distancesRoundToFiveHundredAndNeverShowZero() {
        assertThat(Coarsening.roundDistance(0)).isEqualTo(500);
        assertThat(Coarsening.roundDistance(249)).isEqualTo(500);
        assertThat(Coarsening.roundDistance(749.9)).isEqualTo(500);
        assertThat(Coarsening.roundDistance(750)).isEqualTo(1000);
        assertThat(Coarsening.roundDistance(8046.72)).isEqualTo(8000);
        assertThat(Coarsening.roundDistance(Double.NaN)).isEqualTo(500);
    }

    /**
     * A stranger walks 3 km east in 10 m steps past a fixed receiver. Every reading is a grid-cell centre
     * with a distance that is a multiple of 500 m computed from that centre, so readings reveal the cell
     * and nothing finer: each output stays the same while the walker covers most of a kilometre.
     */
    @Test
    void aWalkerRevealsOnlyTheGridCells() {
        GeoPoint receiver = new GeoPoint(48.8566, 2.3522);
        GeoPoint start = GreatCircle.destination(receiver, 200, 1_200);
        Map<GeoPoint, List<GeoPoint>> truthByOutput = new LinkedHashMap<>();
        for (int step = 0; step <= 300; step++) {
            GeoPoint truth = GreatCircle.destination(start, 90, step * 10.0);
            GeoPoint shown = Coarsening.snapToGrid(truth);
            long distance = Coarsening.coarseDistance(receiver, truth);

            assertThat(Coarsening.snapToGrid(shown)).isEqualTo(shown);
            assertThat(distance % 500).isZero();
            assertThat(distance).isGreaterThanOrEqualTo(500)
                    .isEqualTo(Coarsening.roundDistance(GreatCircle.meters(receiver, shown)));
            truthByOutput.computeIfAbsent(shown, k -> new ArrayList<>()).add(truth);
        }
        assertThat(truthByOutput).hasSizeBetween(3, 5);
        List<List<GeoPoint>> runs = new ArrayList<>(truthByOutput.values());
        for (List<GeoPoint> run : runs.subList(1, runs.size() - 1)) {
            // a full cell crossed: ~1 km of true positions indistinguishable from one another
            assertThat(GreatCircle.meters(run.getFirst(), run.getLast())).isGreaterThan(980);
        }
    }

    @Test
    void nearbyIsDecidedOnTheSnappedPosition() {
        GeoPoint receiver = Coarsening.snapToGrid(new GeoPoint(0.001, 0.001));
        GeoPoint sameCell = new GeoPoint(receiver.lat() + 0.004, receiver.lon()); // 445 m north
        assertThat(Coarsening.isNearby(receiver, sameCell, Radius.ofMeters(100))).isTrue();
        assertThat(Coarsening.coarseDistance(receiver, sameCell)).isEqualTo(500);

        GeoPoint nextCell = new GeoPoint(receiver.lat() + 0.005, receiver.lon()); // 556 m, snapped 1 km
        assertThat(Coarsening.isNearby(receiver, nextCell, Radius.ofMeters(600))).isFalse();
        assertThat(Coarsening.coarseDistance(receiver, nextCell)).isEqualTo(1000);
    }
}
