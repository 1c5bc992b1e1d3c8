package io.nearby.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Latitude-banded cell precision for the "random nearby users" channels: fine cells where they suffice,
 * coarser ones only near the poles, and names that publishers and receivers still agree on.
 *
 * <p>One precision for the whole world must be chosen for the worst latitude (cells narrow towards the
 * poles): for 5 miles that is precision 3, cells of 156 km at the equator. Instead:
 * <ul>
 *   <li>a <b>receiver</b> at latitude φ subscribes to the 9 cells at {@link #receivePrecision}(φ): the finest
 *       precision whose 9-cell block covers the radius at |φ| (for 5 miles: 4 up to 78.1°, then 3);</li>
 *   <li>a <b>publisher</b> at φ publishes on its cell at every precision a receiver within the radius could use,
 *       {@link #publishPrecisions}(φ): receivers within r have latitudes within φ ± r, so this is one precision
 *       almost everywhere and two in a band of width 2r around a tier boundary.</li>
 * </ul>
 * So every receiver's neighbourhood contains the cell its nearby publishers publish on (property-tested in
 * {@code CellTiersTest}). Beyond {@code maxAbsLatitude} the precision of the limit is used (coverage as
 * {@link CellGeometry#coveredLatitude} says). Channel names carry the precision implicitly (the geohash length).
 */
public final class CellTiers {
    private static final double METERS_PER_DEGREE_LATITUDE = Math.PI * GreatCircle.EARTH_RADIUS_METERS / 180.0;

    private final double maxAbsLatitude;
    private final double radiusDegrees;
    /** coveredUpTo[p] = largest |lat| at which precision p covers the radius, NaN if not even at the equator. */
    private final double[] coveredUpTo = new double[CellGeometry.MAX_PRECISION + 1];

    public CellTiers(Radius radius) {
        this(radius, GeoCells.DEFAULT_MAX_ABS_LATITUDE);
    }

    public CellTiers(Radius radius, double maxAbsLatitude) {
        this.maxAbsLatitude = maxAbsLatitude;
        this.radiusDegrees = radius.meters() / METERS_PER_DEGREE_LATITUDE;
        for (int p = CellGeometry.MIN_PRECISION; p <= CellGeometry.MAX_PRECISION; p++) {
            OptionalDouble covered = CellGeometry.coveredLatitude(p, radius);
            coveredUpTo[p] = covered.isPresent() ? covered.getAsDouble() : Double.NaN;
        }
    }

    /** The precision of the 9 cells a receiver at {@code lat} subscribes to. */
    public int receivePrecision(double lat) {
        double abs = Math.min(Math.abs(lat), maxAbsLatitude);
        for (int p = CellGeometry.MAX_PRECISION; p > CellGeometry.MIN_PRECISION; p--) {
            if (coveredUpTo[p] >= abs) {
                return p;
            }
        }
        return CellGeometry.MIN_PRECISION;
    }

    /** The precisions a publisher at {@code lat} publishes on (finest first): one or, near a tier boundary, two or more. */
    public List<Integer> publishPrecisions(double lat) {
        double south = lat - radiusDegrees;
        double north = lat + radiusDegrees;
        double nearestToEquator = south <= 0 && north >= 0 ? 0 : Math.min(Math.abs(south), Math.abs(north));
        double nearestToPole = Math.min(90, Math.max(Math.abs(south), Math.abs(north)));
        List<Integer> precisions = new ArrayList<>(2);
        for (int p = receivePrecision(nearestToEquator); p >= receivePrecision(nearestToPole); p--) {
            precisions.add(p);
        }
        return precisions;
    }

    /** The cells a publisher at {@code point} publishes on. */
    public List<String> publishCells(GeoPoint point) {
        List<String> cells = new ArrayList<>(2);
        for (int p : publishPrecisions(point.lat())) {
            cells.add(GeoCells.cellOf(point, p));
        }
        return cells;
    }

    /** The 9 cells a receiver at {@code point} subscribes to. */
    public java.util.Set<String> receiveCells(GeoPoint point) {
        return GeoCells.neighbourhood(point, receivePrecision(point.lat()));
    }
}
