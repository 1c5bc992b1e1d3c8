package io.nearby.microbench;

import java.util.Random;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;

/**
 * Deterministic, realistic inputs shared by the benchmarks: positions around one user in San Francisco, user ids of
 * the form the server accepts, names. Every benchmark cycles through an array of such values (never one constant),
 * so neither the JIT nor the branch predictor sees a single repeated input.
 */
public final class Inputs {
    /** The user whose session is measured: downtown San Francisco. */
    public static final GeoPoint HOME = new GeoPoint(37.7749, -122.4194);
    /** A plausible server clock reading (ms since the epoch); every timestamp is derived from it. */
    public static final long NOW = 1_760_000_000_000L;

    private static final String[] FIRST = {"Alice", "Bob", "Chloé", "Dmitri", "Esther", "Farid", "Grace", "Hiro",
            "Ines", "Jamal", "Kasia", "Lucía", "Mateo", "Nadia", "Oskar", "Priya"};
    private static final String[] LAST = {"Martin", "Nguyen", "Okafor", "Schmidt", "Rossi", "Tanaka", "Silva", "Kowalski"};

    private Inputs() {
    }

    /**
     * Coordinates as they arrive: {@code "full"} keeps a computed double as is (Java prints it with 15–17 significant
     * digits, as the load generator's walkers send it); {@code "7dp"} rounds to 7 decimals (~1 cm), as phone clients
     * typically send them. The server stores the parsed double and re-prints it (shortest form) on the channel, so
     * the precision a client sends carries through to every server that decodes the update.
     */
    public static GeoPoint precision(GeoPoint p, String coords) {
        return switch (coords) {
            case "full" -> p;
            case "7dp" -> new GeoPoint(Math.round(p.lat() * 1e7) / 1e7, Math.round(p.lon() * 1e7) / 1e7);
            default -> throw new IllegalArgumentException("coords must be full or 7dp, got " + coords);
        };
    }

    public static Random random() {
        return new Random(42);
    }

    /** A user id as the auth layer hands them out: {@code u} and 6–8 characters of [A-Za-z0-9_-]. */
    public static String userId(int n) {
        return "u" + Integer.toString(1_000_000 + n * 7919, 36);
    }

    public static String name(Random rnd) {
        return FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)];
    }

    /** A point at a uniformly random bearing and a distance uniform in [minMeters, maxMeters) from {@code from}. */
    public static GeoPoint around(Random rnd, GeoPoint from, double minMeters, double maxMeters) {
        return GreatCircle.destination(from, rnd.nextDouble() * 360, minMeters + rnd.nextDouble() * (maxMeters - minMeters));
    }

    /**
     * A friend's position: one in ten within {@code nearMeters} of HOME (the seed's ~10 % nearby), the others
     * 20–2,000 km away (other cities), far outside any radius the service allows by default.
     */
    public static GeoPoint friendPosition(Random rnd, boolean near, double nearMeters) {
        return near ? around(rnd, HOME, 0, nearMeters) : around(rnd, HOME, 20_000, 2_000_000);
    }
}
