package io.nearby.geo;

/**
 * The "nearby" radius: a straight-line (great-circle) distance in metres. Configured in miles through
 * {@code NEARBY_RADIUS_MILES} (PROTOCOL.md; read by the server's configuration), default
 * {@value #DEFAULT_MILES} miles, at most {@value #MAX_MILES}.
 *
 * @param meters positive and finite
 */
public record Radius(double meters) {

    /** International mile. */
    public static final double METERS_PER_MILE = 1609.344;
    public static final double DEFAULT_MILES = 5.0;
    /** Largest radius accepted from the environment. */
    public static final double MAX_MILES = 500.0;
    /** 5 miles = 8,046.72 m. */
    public static final Radius DEFAULT = ofMiles(DEFAULT_MILES);

    /** @throws IllegalArgumentException unless {@code meters} is positive and finite */
    public Radius {
        if (!(meters > 0 && meters < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("radius must be a positive, finite number of metres, got " + meters);
        }
    }

    public static Radius ofMeters(double meters) {
        return new Radius(meters);
    }

    public static Radius ofMiles(double miles) {
        return new Radius(miles * METERS_PER_MILE);
    }

    public double miles() {
        return meters / METERS_PER_MILE;
    }

    /** Whether a distance (metres) is inside the radius, boundary included; false for NaN. */
    public boolean contains(double distanceMeters) {
        return distanceMeters <= meters;
    }
}
