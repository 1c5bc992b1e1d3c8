package io.nearby.geo;

/**
 * Great-circle geometry on a sphere of radius {@link #EARTH_RADIUS_METERS} (the IUGG mean Earth radius,
 * which PROTOCOL.md fixes for every distance the service reports).
 *
 * <p>{@link #meters(double, double, double, double)} is on the per-message hot path: it allocates nothing.
 * It is the haversine formula with both the haversine {@code h} of the central angle and {@code 1 - h}
 * computed as sums of squares, then {@code 2·atan2(√h, √(1-h))}: accurate to a fraction of a millimetre
 * for tiny distances and near the antipode alike (where {@code 2·asin(√h)} loses precision), and never
 * NaN for valid coordinates.
 */
public final class GreatCircle {

    /** Mean Earth radius R1 = (2a + b) / 3 of WGS-84, in metres. */
    public static final double EARTH_RADIUS_METERS = 6_371_008.8;

    private GreatCircle() {
    }

    /** Distance in metres between two points. */
    public static double meters(GeoPoint a, GeoPoint b) {
        return meters(a.lat(), a.lon(), b.lat(), b.lon());
    }

    /**
     * Distance in metres between two positions in degrees. Precondition: valid coordinates (as a
     * {@link GeoPoint} would hold); not checked here, NaN in gives NaN out. Longitudes may differ by more
     * than 180° (e.g. 179.9 and -179.9): the shorter way round is measured.
     */
    public static double meters(double lat1, double lon1, double lat2, double lon2) {
        double halfDLat = Math.toRadians(lat2 - lat1) * 0.5;
        double halfSumLat = Math.toRadians(lat2 + lat1) * 0.5;
        double halfDLon = Math.toRadians(lon2 - lon1) * 0.5;
        double sinDLat = Math.sin(halfDLat);
        double cosDLat = Math.cos(halfDLat);
        double sinSumLat = Math.sin(halfSumLat);
        double cosSumLat = Math.cos(halfSumLat);
        double sinDLon = Math.sin(halfDLon);
        double cosDLon = Math.cos(halfDLon);
        // h = haversin(central angle) and 1 - h, each a sum of squares: no cancellation near 0 or the antipode
        double h = sq(sinDLat * cosDLon) + sq(cosSumLat * sinDLon);
        double k = sq(cosDLat * cosDLon) + sq(sinSumLat * sinDLon);
        return 2.0 * EARTH_RADIUS_METERS * Math.atan2(Math.sqrt(h), Math.sqrt(k));
    }

    /**
     * The point reached by travelling {@code meters} from {@code from} along the great circle that starts
     * at {@code bearingDegrees} (clockwise from north). Used by tests and simulated walkers.
     * The result's longitude is normalised to [-180, 180).
     */
    public static GeoPoint destination(GeoPoint from, double bearingDegrees, double meters) {
        double delta = meters / EARTH_RADIUS_METERS;
        double theta = Math.toRadians(bearingDegrees);
        double phi1 = Math.toRadians(from.lat());
        double sinPhi2 = Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta);
        sinPhi2 = Math.max(-1.0, Math.min(1.0, sinPhi2));
        double phi2 = Math.asin(sinPhi2);
        double dLambda = Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
                Math.cos(delta) - Math.sin(phi1) * sinPhi2);
        double lat = Math.max(-90.0, Math.min(90.0, Math.toDegrees(phi2)));
        double lon = (from.lon() + Math.toDegrees(dLambda) + 540.0) % 360.0 - 180.0;
        return new GeoPoint(lat, lon);
    }

    private static double sq(double x) {
        return x * x;
    }
}
