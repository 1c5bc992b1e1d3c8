package io.nearby.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.nearby.geo.GreatCircle.EARTH_RADIUS_METERS;
import static io.nearby.geo.RandomPoints.bearing;
import static io.nearby.geo.RandomPoints.between;
import static io.nearby.geo.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class GreatCircleTest {

    /**
     * Expected values are great-circle distances on a sphere of R = 6371 km (the movable-type.co.uk
     * "Calculate distance, bearing and more between Latitude/Longitude points" calculator's radius);
     * BNA-LAX is Rosetta Code's "Haversine formula" task (2886.444 km at R = 6371.0 km). At
     * R = 6371.0088 km they grow by 1.4 ppm, far inside the 0.5% PROTOCOL.md allows. Each is also
     * checked against the independent Vincenty (atan2) form below.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "London-Paris,          51.5074,   -0.1278,   48.8566,    2.3522,   343.556",
            "New York-Los Angeles,  40.7128,  -74.0060,   34.0522, -118.2437,  3935.746",
            "Sydney-Melbourne,     -33.8688,  151.2093,  -37.8136,  144.9631,   713.427",
            "Tokyo-Osaka,           35.6762,  139.6503,   34.6937,  135.5023,   392.441",
            "Nashville-LAX,         36.12,    -86.67,     33.94,   -118.40,    2886.444",
            "antipodes,              0,         0,         0,       180,      20015.087",
            "across 180 meridian,    0,       179.9,       0,      -179.9,       22.239",
    })
    void knownDistances(String pair, double lat1, double lon1, double lat2, double lon2, double expectedKm) {
        double meters = GreatCircle.meters(lat1, lon1, lat2, lon2);
        assertThat(meters / 1000).isCloseTo(expectedKm, withinPercentage(0.5));
        assertThat(meters).isCloseTo(vincentySphere(lat1, lon1, lat2, lon2), within(1e-6));
    }

    @Test
    void samePointIsZero() {
        GeoPoint p = new GeoPoint(48.8566, 2.3522);
        assertThat(GreatCircle.meters(p, p)).isZero();
    }

    @Test
    void tinyDistancesStayAccurate() {
        // 1e-7 degrees of latitude = 1.1 cm; the law of cosines would lose this entirely
        double expected = Math.toRadians(1e-7) * EARTH_RADIUS_METERS;
        assertThat(GreatCircle.meters(45, 10, 45.0000001, 10)).isCloseTo(expected, withinPercentage(0.001));
    }

    @Test
    void antipodesAreHalfTheCircumferenceAndNeverNaN() {
        assertThat(GreatCircle.meters(90, 0, -90, 0)).isCloseTo(Math.PI * EARTH_RADIUS_METERS, within(1e-6));
        assertThat(GreatCircle.meters(37.5, -122.25, -37.5, 57.75)).isCloseTo(Math.PI * EARTH_RADIUS_METERS, within(1e-3));
        assertThat(GreatCircle.meters(1e-12, 0, -1e-12, 180)).isNotNaN().isLessThanOrEqualTo(Math.PI * EARTH_RADIUS_METERS);
    }

    record TwoPositions(double lat1, double lon1, double lat2, double lon2) {
    }

    @Test
    void agreesWithVincentyAndIsSymmetric(TestInfo test) {
        forAll(test, 1000, r -> new TwoPositions(between(r, -90, 90), between(r, -180, 180),
                between(r, -90, 90), between(r, -180, 180)), c -> {
            double d = GreatCircle.meters(c.lat1(), c.lon1(), c.lat2(), c.lon2());
            assertThat(d).isBetween(0.0, Math.PI * EARTH_RADIUS_METERS)
                    .isEqualTo(GreatCircle.meters(c.lat2(), c.lon2(), c.lat1(), c.lon1()))
                    .isCloseTo(vincentySphere(c.lat1(), c.lon1(), c.lat2(), c.lon2()), within(1e-6));
        });
    }

    record Journey(double lat, double lon, double bearing, double meters) {
    }

    @Test
    void destinationIsAtTheRequestedDistance(TestInfo test) {
        forAll(test, 1000, r -> new Journey(between(r, -89, 89), between(r, -180, 180), bearing(r),
                between(r, 0, 1_000_000)), c -> {
            GeoPoint from = new GeoPoint(c.lat(), c.lon());
            GeoPoint to = GreatCircle.destination(from, c.bearing(), c.meters());
            assertThat(to.lon()).isGreaterThanOrEqualTo(-180).isLessThan(180);
            assertThat(GreatCircle.meters(from, to)).isCloseTo(c.meters(), within(1e-3));
        });
    }

    /** Vincenty's formula specialised to a sphere: a different route to the same central angle. */
    static double vincentySphere(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dl = Math.toRadians(lon2 - lon1);
        double y = Math.hypot(Math.cos(p2) * Math.sin(dl),
                Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
        double x = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
        return EARTH_RADIUS_METERS * Math.atan2(y, x);
    }
}
