package io.nearby.geo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/**
 * Seeded generators for the geo property tests (see {@link Tries}).
 *
 * <p>{@link #between} is the basic number generator: a value in [min, max] with at most {@code scale}
 * decimals. Besides uniform values it mixes in the range's edge cases (the bounds, 0, and one step inside
 * each) and values close to 0 (or to the bound nearest to it), where bugs in numeric code tend to be.
 * The domain generators ({@link #radiusMeters}, {@link #centre}, {@link #longitude}, {@link #edgeFraction})
 * add the biases the geometry needs: the default 5-mile radius, the ±85° latitude limit, the 180°
 * meridian and cell edges.
 */
final class RandomPoints {

    /** The supported latitude limit, ±85°. */
    static final double LIMIT = GeoCells.DEFAULT_MAX_ABS_LATITUDE;
    /** The default radius, 5 miles = 8,046.72 m. */
    static final double FIVE_MILES = Radius.ofMiles(5).meters();
    /** Decimal places of generated doubles unless stated otherwise. */
    static final int SCALE = 12;

    private RandomPoints() {
    }

    // ---- numbers

    /** A double in [min, max] with at most {@value #SCALE} decimals. */
    static double between(SplittableRandom r, double min, double max) {
        return between(r, min, max, SCALE);
    }

    /**
     * A double in [min, max] with at most {@code scale} decimals: 5% an edge case (min, max, 0 if in range,
     * and one step of 10^-scale inside each of them), 15% close to 0 (log-uniformly from one step up to the
     * whole range, so every order of magnitude is tried), otherwise uniform.
     */
    static double between(SplittableRandom r, double min, double max, int scale) {
        double step = Math.pow(10, -scale);
        double target = Math.max(min, Math.min(max, 0.0));
        int kind = r.nextInt(20);
        double value;
        if (kind == 0) {
            value = oneOf(r, min, max, target, min + step, max - step,
                    Math.min(max, target + step), Math.max(min, target - step));
        } else if (kind <= 3) {
            double up = max - target;
            double down = target - min;
            boolean goUp = down == 0 || (up > 0 && r.nextDouble() * (up + down) < up);
            double room = goUp ? up : down;
            double distance = room <= step ? room : room * Math.pow(step / room, r.nextDouble());
            value = goUp ? target + distance : target - distance;
        } else {
            value = min + r.nextDouble() * (max - min);
        }
        return clamp(round(value, scale), min, max);
    }

    /** One of the values, each equally likely. */
    static double oneOf(SplittableRandom r, double... values) {
        return values[r.nextInt(values.length)];
    }

    /** One of the values, each equally likely. */
    static long oneOf(SplittableRandom r, long... values) {
        return values[r.nextInt(values.length)];
    }

    /** An index 0..weights.length-1, chosen with the given relative weights. */
    static int weighted(SplittableRandom r, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = r.nextInt(total);
        for (int i = 0; ; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
    }

    /** The magnitude with a random sign. */
    static double signed(SplittableRandom r, double magnitude) {
        return r.nextBoolean() ? magnitude : -magnitude;
    }

    // ---- geometry

    /** A bearing in degrees, [0, 360]. */
    static double bearing(SplittableRandom r) {
        return between(r, 0, 360);
    }

    /**
     * A radius in metres: 8 in 10 anywhere in [100 m, 50 km], 1 in 10 exactly 5 miles, 1 in 10 one of
     * 100 m, 50 km and the two precision thresholds 13,627 m (3 at 85°) and 4,886 m (cell height, 5).
     */
    static double radiusMeters(SplittableRandom r) {
        return switch (weighted(r, 8, 1, 1)) {
            case 0 -> between(r, 100, 50_000);
            case 1 -> FIVE_MILES;
            default -> oneOf(r, 100.0, 50_000.0, 13_627.0, 4_886.0);
        };
    }

    /**
     * A centre with |lat| &lt;= 85: latitude half the time anywhere, a third of the time within 3° of
     * ±85, otherwise exactly -85, 85 or 0; longitude from {@link #longitude}.
     */
    static GeoPoint centre(SplittableRandom r) {
        double lat = switch (weighted(r, 3, 2, 1)) {
            case 0 -> between(r, -LIMIT, LIMIT);
            case 1 -> signed(r, between(r, LIMIT - 3, LIMIT));
            default -> oneOf(r, -LIMIT, LIMIT, 0.0);
        };
        return new GeoPoint(lat, longitude(r));
    }

    /** A longitude: half the time anywhere, a third of the time within 1° of ±180, otherwise -180, 180 or 0. */
    static double longitude(SplittableRandom r) {
        return switch (weighted(r, 3, 2, 1)) {
            case 0 -> between(r, -180, 180);
            case 1 -> signed(r, between(r, 179, 180));
            default -> oneOf(r, -180.0, 180.0, 0.0);
        };
    }

    /**
     * Where in a cell to put a centre, as a fraction of its height or width: 2 in 5 exactly on an edge,
     * 1e-12 from one, or in the middle; 1 in 5 each within 1e-3 of the low edge, within 1e-3 of the high
     * edge, or anywhere.
     */
    static double edgeFraction(SplittableRandom r) {
        return switch (weighted(r, 2, 1, 1, 1)) {
            case 0 -> oneOf(r, 0.0, 1e-12, 1 - 1e-12, 0.5);
            case 1 -> between(r, 0, 1e-3);
            case 2 -> between(r, 1 - 1e-3, 1 - 1e-12);
            default -> between(r, 0, 1);
        };
    }

    // ---- untrusted input

    /**
     * Any double a client could send: half the time from the whole double line (1 in 10 of those a special
     * value: NaN, infinities, ±0, the smallest and largest magnitudes; otherwise a random sign and order of
     * magnitude, 2 decimals), half the time in [-181, 181] with 6 decimals, with the validity limits ±90 and
     * ±180 and one step beyond them mixed in.
     */
    static double anyDouble(SplittableRandom r) {
        if (r.nextBoolean()) {
            if (r.nextInt(10) == 0) {
                return oneOf(r, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE);
            }
            double magnitude = Math.min(Double.MAX_VALUE, Math.pow(10, r.nextDouble(-3, 308.3)));
            return signed(r, magnitude < 1e15 ? Math.round(magnitude * 100) / 100.0 : magnitude);
        }
        if (r.nextInt(10) == 0) {
            return oneOf(r, -90.0, 90.0, -180.0, 180.0, -90.000001, 90.000001, -180.000001, 180.000001);
        }
        return between(r, -181, 181, 6);
    }

    /**
     * Any long: 1 in 20 an edge case (the extremes, 0, ±1), 3 in 20 a random sign and order of magnitude,
     * otherwise uniform over all longs.
     */
    static long anyLong(SplittableRandom r) {
        int kind = r.nextInt(20);
        if (kind == 0) {
            return oneOf(r, Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L, -1L);
        }
        if (kind <= 3) {
            long magnitude = (long) Math.pow(2, r.nextDouble(0, 63));
            return r.nextBoolean() ? magnitude : -magnitude;
        }
        return r.nextLong();
    }

    // ----

    private static double round(double value, int scale) {
        if (!Double.isFinite(value) || value == 0) {
            return value;
        }
        return new BigDecimal(value).setScale(scale, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
