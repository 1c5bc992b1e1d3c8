package io.nearby.geo;

import ch.hsr.geohash.GeoHash;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Geohash cells for the "random nearby users" channels: the cell a point lies in ({@link #cellOf}, the
 * channel a discoverable user publishes on) and the {@link #neighbourhood 9 cells} around a point (the
 * channels a user looking for strangers subscribes to). Which precision to use where is decided by
 * {@link CellTiers}: receivers use the finest precision whose 9 cells cover the radius at their latitude,
 * publishers near a tier boundary publish at both precisions (see {@link CellGeometry} for the coverage rule).
 *
 * <p>Longitude 180 is the same meridian as -180 and is encoded as -180, so a position has one cell. The
 * neighbourhood wraps across the 180° meridian. In the geohash row next to a pole, ch.hsr wraps the "north"
 * neighbours of a cell to the row next to the other pole: the neighbourhood still has 9 distinct names, 3 of
 * them useless (coverage only holds up to {@link CellGeometry#coveredLatitude}, which keeps the circle off
 * the pole).
 */
public final class GeoCells {

    /**
     * The supported latitude range is |lat| &lt;= this (the practical limit near the poles, as in Web Mercator
     * maps): {@link CellTiers} uses the precision of this latitude beyond it.
     */
    public static final double DEFAULT_MAX_ABS_LATITUDE = 85.0;

    private GeoCells() {
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

    private static GeoHash hash(GeoPoint point, int precision) {
        double lon = point.lon() == 180.0 ? -180.0 : point.lon();
        return GeoHash.withCharacterPrecision(point.lat(), lon, CellGeometry.checked(precision));
    }
}
