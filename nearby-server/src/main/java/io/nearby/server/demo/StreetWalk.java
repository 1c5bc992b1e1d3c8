package io.nearby.server.demo;

import java.util.random.RandomGenerator;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;

/**
 * A simulated walker on a street grid around a centre: it moves at a constant speed along one of the four
 * compass directions, and at the end of each block (80-220 m) goes straight on or turns left or right, never
 * back. It keeps within a band of distances from the centre:
 * <ul>
 *   <li>a <em>roamer</em> wanders freely until it is farther than {@code far}, then heads back until it is
 *       nearer than {@code near}, then wanders again;</li>
 *   <li>a <em>commuter</em> ({@code commutes}) goes in until nearer than {@code near}, then out until farther
 *       than {@code far}, and so on: with {@code near < radius < far} it keeps crossing the nearby radius.</li>
 * </ul>
 * Pure and single-threaded: the owner calls {@link #advance} and reads {@link #position}. Distances are small
 * (km), so directions are chosen on the local tangent plane; positions move along great circles.
 */
final class StreetWalk {
    static final double MIN_BLOCK_METERS = 80;
    static final double MAX_BLOCK_METERS = 220;
    private static final double METERS_PER_DEGREE = GreatCircle.EARTH_RADIUS_METERS * Math.PI / 180;

    private final GeoPoint centre;
    private final double metersPerSecond;
    private final double near;
    private final double far;
    private final boolean commutes;
    private final RandomGenerator random;
    private GeoPoint position;
    private int heading;            // 0, 90, 180 or 270 degrees
    private double blockLeft;       // metres to the next corner
    private Boolean inbound;        // null: wandering freely; true: heading in; false: heading out

    /**
     * @param start    where the walker starts
     * @param speedKmh constant speed in km/h
     * @param centre   the point the band is measured from (the signed-in user)
     * @param near     inner edge of the band, metres
     * @param far      outer edge of the band, metres ({@code > near})
     * @param commutes true: oscillate between the edges; false: wander, coming back when beyond {@code far}
     * @param inbound  for a commuter, whether it starts heading in
     */
    StreetWalk(GeoPoint start, double speedKmh, GeoPoint centre, double near, double far, boolean commutes,
               boolean inbound, RandomGenerator random) {
        if (!(speedKmh > 0) || !(near >= 0) || !(far > near)) {
            throw new IllegalArgumentException("speed " + speedKmh + " km/h, band [" + near + ", " + far + "]");
        }
        this.centre = centre;
        this.metersPerSecond = speedKmh / 3.6;
        this.near = near;
        this.far = far;
        this.commutes = commutes;
        this.random = random;
        this.position = start;
        this.inbound = commutes ? inbound : null;
        this.heading = commutes ? best(inbound) : 90 * random.nextInt(4);
        this.blockLeft = block();
    }

    GeoPoint position() {
        return position;
    }

    double metersPerSecond() {
        return metersPerSecond;
    }

    /** Current distance from the centre, metres. */
    double fromCentre() {
        return GreatCircle.meters(centre, position);
    }

    /** Walks for {@code seconds}, turning at every corner on the way. */
    void advance(double seconds) {
        double left = metersPerSecond * seconds;
        while (left > 0) {
            double step = Math.min(left, blockLeft);
            position = GreatCircle.destination(position, heading, step);
            left -= step;
            blockLeft -= step;
            if (blockLeft <= 1e-9) {
                corner();
            }
        }
    }

    private void corner() {
        double d = fromCentre();
        if (commutes) {
            if (inbound && d < near) {
                inbound = false;
            } else if (!inbound && d > far) {
                inbound = true;
            }
        } else if (inbound == null && d > far) {
            inbound = true;
        } else if (Boolean.TRUE.equals(inbound) && d < near) {
            inbound = null;
        }
        int left = (heading + 270) % 360;
        int right = (heading + 90) % 360;
        if (inbound == null) {
            double r = random.nextDouble();
            heading = r < 0.6 ? heading : r < 0.8 ? left : right;
        } else {
            // mostly the street that leads the right way, sometimes another one (people do not walk straight lines)
            int want = best(inbound);
            boolean allowed = want != (heading + 180) % 360;
            if (allowed && random.nextDouble() < 0.8) {
                heading = want;
            } else {
                heading = random.nextBoolean() ? left : right;
            }
        }
        blockLeft = block();
    }

    /** The compass direction that best leads towards the centre ({@code in}) or away from it. */
    private int best(boolean in) {
        double north = (centre.lat() - position.lat()) * METERS_PER_DEGREE;
        double east = (centre.lon() - position.lon()) * METERS_PER_DEGREE * Math.cos(Math.toRadians(position.lat()));
        if (!in) {
            north = -north;
            east = -east;
        }
        if (Math.abs(north) >= Math.abs(east)) {
            return north >= 0 ? 0 : 180;
        }
        return east >= 0 ? 90 : 270;
    }

    private double block() {
        return MIN_BLOCK_METERS + random.nextDouble() * (MAX_BLOCK_METERS - MIN_BLOCK_METERS);
    }
}
