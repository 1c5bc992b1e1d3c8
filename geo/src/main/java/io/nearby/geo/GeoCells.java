package io.nearby.geo;

import ch.hsr.geohash.GeoHash;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Geohash cells for the "random nearby users" channels. A discoverable user publishes on the channel
 * of {@link #cellOf its cell}; a user looking for strangers subscribes to the channels of the
 * {@link #neighbourhood 9 cells} around it. That finds everyone within the radius if the precision
 * is right, which is what {@link #precisionFor} guarantees (see {@link CellGeometry} for the rule).
 *
 * <p><b>One precision per radius.</b> Publisher and receiver must name the same cell for the same
 * position, so the precision depends on the radius only, never on where the user is. It is chosen for
 * the worst latitude supported, {@value #DEFAULT_MAX_ABS_LATITUDE}° by default (the practical limit near
 * the poles, as in Web Mercator maps), because cells get narrower towards the poles. The cost: near the
 * equator the cells are larger than the radius needs, so more stranger updates are delivered and then
 * dropped by the distance filter.
 *
 * <p><b>The default radius.</b> For 5 miles (8,046.72 m) the answer is precision <b>3</b>: cells of
 * 1.40625° x 1.40625° (156.4 km x 156.4 km at the equator, still 13.6 km wide at 85°). Precision 4
 * (19.5 km tall, 39.1 km wide at the equator) would be 32 times smaller in area but is only 3.4 km wide
 * at 85° and covers 5 miles up to 78.1° only; a deployment that accepts that limit passes 78 to
 * {@link #precisionFor(Radius, double)}.
 *
 * <p><b>Beyond the limit.</b> The same precision is used (names must agree); coverage then holds as far
 * as {@link CellGeometry#coveredLatitude} says (87.0° for 5 miles at precision 3) and beyond that only
 * partly: strangers further east or west than the cell width may be missed. When no precision covers the
 * radius up to the limit (over 392.9 km at 85°), the coarsest, 1, is used. In the geohash row next to
 * a pole, ch.hsr wraps the "north" neighbours of a cell to the row next to the other pole: the
 * neighbourhood still has 9 distinct names, 3 of them useless.
 *
 * <p>Longitude 180 is the same meridian as -180 and is encoded as -180, so a position has one cell.
 *
 * <p>The server does not use one world-wide precision: {@link CellTiers} lets receivers use the finest
 * precision that covers the radius at their latitude (4 for 5 miles up to 78.1°) and has publishers near a
 * tier boundary publish at both precisions.
 */
public final class GeoCells {

    /** The supported latitude range is |lat| &lt;= this. */
    public static final double DEFAULT_MAX_ABS_LATITUDE = 85.0;

    private GeoCells() {
    }

    /** {@link #precisionFor(Radius, double)} at the default supported latitude. */
    public static int precisionFor(Radius radius) {
        return precisionFor(radius, DEFAULT_MAX_ABS_LATITUDE);
    }

    /**
     * The largest geohash precision (1..12) whose 9-cell neighbourhood around any point with
     * |lat| &lt;= {@code maxAbsLatitude} contains the whole circle of {@code radius}; 1 if none does.
     *
     * @param maxAbsLatitude degrees in [0, 90]
     */
    public static int precisionFor(Radius radius, double maxAbsLatitude) {
        if (!(maxAbsLatitude >= 0.0 && maxAbsLatitude <= 90.0)) {
            throw new IllegalArgumentException("maxAbsLatitude must be within [0, 90], got " + maxAbsLatitude);
        }
        for (int p = CellGeometry.MAX_PRECISION; p > CellGeometry.MIN_PRECISION; p--) {
            if (CellGeometry.covers(p, radius, maxAbsLatitude)) {
                return p;
            }
        }
        return CellGeometry.MIN_PRECISION;
    }

    /** The base32 geohash of the cell containing {@code point}: the channel a user publishes on. */
    public static String cellOf(GeoPoint point, int precision) {
        return hash(point, precision).toBase32();
    }

    /**
     * The cell of {@code point} and its 8 adjacent cells (wrapping across the 180° meridian): the
     * channels a user subscribes to. Always 9 distinct names; iteration starts with the centre cell.
     */
    public static Set<String> neighbourhood(GeoPoint point, int precision) {
        GeoHash centre = hash(point, precision);
        Set<String> cells = new LinkedHashSet<>(16);
        cells.add(centre.toBase32());
        for (GeoHash adjacent : centre.getAdjacent()) {
            cells.add(adjacent.toBase32());
        }
        return Collections.unmodifiableSet(cells);
    }

    /** What to subscribe and unsubscribe when a neighbourhood changes from {@code before} to {@code after}. */
    public static CellMove diff(Set<String> before, Set<String> after) {
        if (before.equals(after)) {
            return CellMove.NONE;
        }
        Set<String> subscribe = new HashSet<>(after);
        subscribe.removeAll(before);
        Set<String> unsubscribe = new HashSet<>(before);
        unsubscribe.removeAll(after);
        return new CellMove(subscribe, unsubscribe);
    }

    private static GeoHash hash(GeoPoint point, int precision) {
        double lon = point.lon() == 180.0 ? -180.0 : point.lon();
        return GeoHash.withCharacterPrecision(point.lat(), lon, CellGeometry.checked(precision));
    }
}
