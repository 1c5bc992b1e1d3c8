package io.nearby.loadgen;

import java.util.Random;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;

/**
 * How a simulated user moves between two updates: a step of up to {@link #STEP} × radius in a random direction, never
 * further than {@link #LIMIT} × radius from home (a step that would leave that disc heads home instead). Keeps the
 * geometry of {@link SocialGraph}: neighbours stay nearby, everyone else stays far. Pure.
 */
final class Walker {
    /** Furthest a user strays from home, as a multiple of the "nearby" radius. */
    static final double LIMIT = 0.12;
    /** Longest step between two updates, as a multiple of the "nearby" radius. */
    static final double STEP = 0.02;

    private final double radiusMeters;

    Walker(double radiusMeters) {
        this.radiusMeters = radiusMeters;
    }

    GeoPoint next(GeoPoint home, GeoPoint current, Random rnd) {
        double step = rnd.nextDouble() * STEP * radiusMeters;
        GeoPoint candidate = GreatCircle.destination(current, rnd.nextDouble() * 360, step);
        if (GreatCircle.meters(home, candidate) <= LIMIT * radiusMeters) {
            return candidate;
        }
        double back = GreatCircle.meters(current, home);
        if (back <= step) {
            return home;
        }
        return GreatCircle.destination(current, bearing(current, home), step);
    }

    /** Initial bearing from a to b, degrees clockwise from north. */
    static double bearing(GeoPoint a, GeoPoint b) {
        double phi1 = Math.toRadians(a.lat());
        double phi2 = Math.toRadians(b.lat());
        double dLambda = Math.toRadians(b.lon() - a.lon());
        double y = Math.sin(dLambda) * Math.cos(phi2);
        double x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
        return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    }
}
