package io.nearby.geo;

/**
 * Fuzzes a stranger's position for "random nearby users" (PROTOCOL.md): strangers only ever see the
 * centre of a fixed global grid cell of about 1 km and a distance rounded to 500 m.
 *
 * <p>The grid has rows of {@value #GRID_DEGREES}° of latitude (1,000.75 m); each row is split into as many
 * equal columns as fit with at least that width at the row's centre latitude (so about 1 km wide, fewer
 * columns towards the poles, and the columns close up exactly at the 180° meridian). The output depends
 * only on the cell, never on where inside it the user is: repeated readings reveal the cell and nothing
 * finer, however many are averaged. The distance is measured to that cell centre, so it adds nothing
 * either, and a user is never shown at 0 m.
 */
public final class Coarsening {

    /** Grid row height in degrees of latitude: about 1 km. */
    public static final double GRID_DEGREES = 0.009;
    /** Reported distances are multiples of this, and at least this. */
    public static final long DISTANCE_STEP_METERS = 500;

    private static final int ROWS = (int) Math.round(180.0 / GRID_DEGREES);

    private Coarsening() {
    }

    /** The centre of the grid cell containing {@code p}. Deterministic and idempotent. */
    public static GeoPoint snapToGrid(GeoPoint p) {
        int row = Math.min(ROWS - 1, (int) Math.floor((p.lat() + 90.0) * ROWS / 180.0));
        double lat = (row + 0.5) * 180.0 / ROWS - 90.0;
        int columns = columns(lat);
        int column = (int) Math.floor((p.lon() + 180.0) * columns / 360.0);
        if (column >= columns) {
            column = 0; // lon 180 is the meridian of lon -180
        }
        double lon = (column + 0.5) * 360.0 / columns - 180.0;
        return new GeoPoint(lat, lon);
    }

    /**
     * {@code meters} rounded to the nearest multiple of 500 (halves up), but never below 500: "0 m" would
     * tell the receiver the stranger is right next to them. NaN or negative input gives 500.
     */
    public static long roundDistance(double meters) {
        return Math.max(DISTANCE_STEP_METERS, Math.round(meters / DISTANCE_STEP_METERS) * DISTANCE_STEP_METERS);
    }

    /**
     * Everything a receiver may learn of a stranger: the stranger's cell centre and the rounded distance to it.
     *
     * @param nearby whether the stranger counts as nearby, decided on the cell centre (see {@link #reading})
     */
    public record Reading(GeoPoint cell, long distanceMeters, boolean nearby) {
    }

    /**
     * The one place the rule is applied (the server's stranger view calls this): snap, measure to the cell centre,
     * decide nearness on that distance and round it. Deciding on the true distance instead would let the moment a
     * stranger appears or disappears reveal that their exact distance equals the radius, which a moving receiver
     * could use to trilaterate them. {@code strangerTrue} may already be a cell centre (snapping is idempotent).
     */
    public static Reading reading(GeoPoint receiver, GeoPoint strangerTrue, Radius radius) {
        GeoPoint cell = snapToGrid(strangerTrue);
        double meters = GreatCircle.meters(receiver, cell);
        return new Reading(cell, roundDistance(meters), radius.contains(meters));
    }

    /** The distance to show a receiver: to the stranger's cell centre, rounded; see the class comment. */
    public static long coarseDistance(GeoPoint receiver, GeoPoint strangerTrue) {
        return reading(receiver, strangerTrue, Radius.ofMeters(Double.MAX_VALUE)).distanceMeters();
    }

    /** Whether a stranger counts as nearby, decided on the snapped position ({@link #reading}). */
    public static boolean isNearby(GeoPoint receiver, GeoPoint strangerTrue, Radius radius) {
        return reading(receiver, strangerTrue, radius).nearby();
    }

    /** Width in degrees of longitude of the cells in the row whose centre is {@code snappedLat}. */
    static double columnWidthDegrees(double snappedLat) {
        return 360.0 / columns(snappedLat);
    }

    private static int columns(double rowCentreLat) {
        return Math.max(1, (int) Math.floor(360.0 * Math.cos(Math.toRadians(rowCentreLat)) / GRID_DEGREES));
    }
}
