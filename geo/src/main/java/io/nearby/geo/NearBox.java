package io.nearby.geo;

/**
 * A cheap pre-check before the haversine: the latitude band and longitude span around a centre outside of which no
 * point is within {@code meters} (great-circle) of it. {@link #mayContain} never says no for a point that is within
 * the distance (a small margin covers rounding); it may say yes for points that are not, which the caller then
 * measures. Near a pole (the circle reaches it) every longitude may contain; the span wraps across the 180° meridian.
 *
 * <pre>{@code
 * NearBox box = NearBox.around(me, radius.meters());   // once per own move
 * if (box.mayContain(lat, lon) && radius.contains(GreatCircle.meters(me.lat(), me.lon(), lat, lon))) { ... }
 * }</pre>
 */
public record NearBox(double centerLat, double centerLon, double latSpan, double lonSpan) {
    /** Relative slack on both spans, far above the haversine's floating-point error. */
    private static final double MARGIN = 1.001;

    /** The box around {@code center} for {@code meters} (> 0). */
    public static NearBox around(GeoPoint center, double meters) {
        double angle = meters / GreatCircle.EARTH_RADIUS_METERS; // radians of arc
        double latSpan = Math.toDegrees(angle) * MARGIN;
        double phi = Math.toRadians(center.lat());
        double lonSpan;
        if (angle >= Math.PI / 2 - Math.abs(phi) || Math.abs(center.lat()) + latSpan >= 90) {
            lonSpan = 180; // the circle reaches (or nearly reaches) a pole: any longitude
        } else {
            lonSpan = Math.min(180, Math.toDegrees(Math.asin(Math.sin(angle) / Math.cos(phi))) * MARGIN);
        }
        return new NearBox(center.lat(), center.lon(), latSpan, lonSpan);
    }

    /** False only if the point is certainly farther than the box's distance from its centre. */
    public boolean mayContain(double lat, double lon) {
        if (Math.abs(lat - centerLat) > latSpan) {
            return false;
        }
        double dLon = Math.abs(lon - centerLon);
        if (dLon > 180) {
            dLon = 360 - dLon;
        }
        return dLon <= lonSpan;
    }
}
