package io.nearby.geo;

import java.util.Map;

/**
 * The "nearby" radius: a straight-line (great-circle) distance in metres. Configured in miles through
 * {@value #ENV_VARIABLE} (PROTOCOL.md), default {@value #DEFAULT_MILES} miles.
 *
 * @param meters positive and finite
 */
public record Radius(double meters) {

    /** International mile. */
    public static final double METERS_PER_MILE = 1609.344;
    /** The environment variable holding the radius in miles. */
    public static final String ENV_VARIABLE = "NEARBY_RADIUS_MILES";
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

    /**
     * Reads {@value #ENV_VARIABLE}; unset or blank means the default (the project's convention for
     * environment variables).
     *
     * @throws IllegalArgumentException naming the variable, if the value is not a number in (0, 500]
     */
    public static Radius fromEnvironment(Map<String, String> env) {
        String raw = env.get(ENV_VARIABLE);
        if (raw == null || raw.isBlank()) {
            return DEFAULT;
        }
        double miles;
        try {
            miles = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw badValue(raw);
        }
        if (!(miles > 0 && miles <= MAX_MILES)) {
            throw badValue(raw);
        }
        return ofMiles(miles);
    }

    private static IllegalArgumentException badValue(String raw) {
        return new IllegalArgumentException(ENV_VARIABLE + " must be a number of miles in (0, " + (int) MAX_MILES
                + "], got '" + raw + "'");
    }
}
