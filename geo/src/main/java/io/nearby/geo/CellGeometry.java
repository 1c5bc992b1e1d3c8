package io.nearby.geo;

import java.util.OptionalDouble;

/**
 * Sizes of geohash cells and the coverage rule that {@link CellTiers} relies on to pick a precision.
 *
 * <p>A geohash of {@code p} characters has {@code 5p} bits, {@code floor(5p/2)} of them for latitude and
 * {@code ceil(5p/2)} for longitude, so a cell spans {@code 180 / 2^latBits} degrees north-south and
 * {@code 360 / 2^lonBits} degrees east-west, everywhere. In metres the height is fixed, while the width
 * shrinks with the cosine of the latitude.
 *
 * <p><b>Coverage rule.</b> A point P inside a cell is at least one full cell height from the north and
 * south edges of the 3x3 block around that cell, and at least one cell width (in longitude) from its east
 * and west edges. The great-circle distance from P to a parallel is exactly the latitude difference; the
 * distance from P (latitude φ) to a meridian Δλ away is {@code R·asin(sin Δλ · cos φ)} (to the whole great
 * circle, a lower bound for the edge segment). So the 9 cells contain every point within r of P when
 * {@code heightMeters(p) >= r} and {@code eastWestClearanceMeters(p, |φ|) >= r}. The latter also keeps
 * the circle off the pole, so the geohash rows' wrap-around at the poles never matters.
 */
public final class CellGeometry {

    public static final int MIN_PRECISION = 1;
    public static final int MAX_PRECISION = 12;

    private CellGeometry() {
    }

    /** North-south size of a cell in degrees. */
    public static double heightDegrees(int precision) {
        return Math.scalb(180.0, -latitudeBits(checked(precision)));
    }

    /** East-west size of a cell in degrees of longitude. */
    public static double widthDegrees(int precision) {
        return Math.scalb(360.0, -longitudeBits(checked(precision)));
    }

    /** North-south size of a cell in metres (the same at every latitude). */
    public static double heightMeters(int precision) {
        return Math.toRadians(heightDegrees(precision)) * GreatCircle.EARTH_RADIUS_METERS;
    }

    /**
     * The smallest great-circle distance from a point at latitude {@code absLatitude} (degrees, 0..90)
     * to a meridian one cell width away: how far east or west the 3x3 block reaches at least.
     */
    public static double eastWestClearanceMeters(int precision, double absLatitude) {
        double sinWidth = Math.sin(Math.toRadians(widthDegrees(precision)));
        double cosLat = Math.cos(Math.toRadians(absLatitude));
        return GreatCircle.EARTH_RADIUS_METERS * Math.asin(Math.min(1.0, sinWidth * cosLat));
    }

    /** Whether the 9 cells around any point with |lat| &lt;= {@code maxAbsLatitude} contain its whole circle. */
    public static boolean covers(int precision, Radius radius, double maxAbsLatitude) {
        return heightMeters(precision) >= radius.meters()
                && eastWestClearanceMeters(precision, maxAbsLatitude) >= radius.meters();
    }

    /**
     * The largest |latitude| up to which the 9 cells of this precision contain the whole circle of the
     * radius; empty when they do not even at the equator.
     */
    public static OptionalDouble coveredLatitude(int precision, Radius radius) {
        if (!covers(precision, radius, 0.0)) {
            return OptionalDouble.empty();
        }
        double ratio = Math.sin(radius.meters() / GreatCircle.EARTH_RADIUS_METERS)
                / Math.sin(Math.toRadians(widthDegrees(precision)));
        return OptionalDouble.of(Math.toDegrees(Math.acos(Math.min(1.0, ratio))));
    }

    static int checked(int precision) {
        if (precision < MIN_PRECISION || precision > MAX_PRECISION) {
            throw new IllegalArgumentException("geohash precision must be in [1, 12], got " + precision);
        }
        return precision;
    }

    private static int latitudeBits(int precision) {
        return 5 * precision / 2;
    }

    private static int longitudeBits(int precision) {
        return 5 * precision - latitudeBits(precision);
    }
}
