package io.nearby.geo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Validates a client's {@code init}/{@code location} message fields (lat, lon, ts) as one
 * {@link LocationFix}. Never throws for bad input: every problem is a {@link Validated.Invalid} with a
 * {@link GeoError} and a message fit to send back to the client. Fields are checked in the order lat,
 * lon, ts and only the first problem is reported.
 *
 * <p>Timestamp rules: {@code ts > 0}; at most {@code maxFutureSkew} ahead of the injected clock (client
 * clocks drift); at most {@code maxAge} behind it (a replayed or buffered fix that old is useless for
 * "who is nearby now"). Both bounds are inclusive. Thread-safe and immutable.
 */
public final class LocationValidator {

    /** Default tolerance for client clocks running ahead of the server. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    /** Default age beyond which a fix is rejected. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

    private final Clock clock;
    private final long maxFutureSkewMillis;
    private final long maxAgeMillis;

    /** A validator with the default skew and maximum age. */
    public LocationValidator(Clock clock) {
        this(clock, DEFAULT_MAX_FUTURE_SKEW, DEFAULT_MAX_AGE);
    }

    /**
     * @param clock         the server's notion of "now" (inject a fixed clock in tests)
     * @param maxFutureSkew how far ahead of {@code clock} a ts may be; not negative
     * @param maxAge        how far behind {@code clock} a ts may be; positive
     * @throws IllegalArgumentException for a negative skew or a non-positive age
     */
    public LocationValidator(Clock clock, Duration maxFutureSkew, Duration maxAge) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative, got " + maxFutureSkew);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
        }
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        this.maxAgeMillis = maxAge.toMillis();
    }

    /** Validates fields that were all present in the message (the caller reports missing ones itself). */
    public Validated<LocationFix> validate(double lat, double lon, long ts) {
        return switch (CoordinateValidator.point(lat, lon)) {
            case Validated.Invalid<GeoPoint> bad -> bad.retyped();
            case Validated.Valid<GeoPoint>(GeoPoint point) -> withTimestamp(point, ts);
        };
    }

    private Validated<LocationFix> withTimestamp(GeoPoint point, long ts) {
        if (ts <= 0) {
            return Validated.invalid(GeoError.TS_NOT_POSITIVE, "ts must be milliseconds since the epoch (> 0), got " + ts);
        }
        long now = clock.millis();
        long ahead = ts - now;
        if (ahead > maxFutureSkewMillis) {
            return Validated.invalid(GeoError.TS_IN_FUTURE, "ts must be at most " + human(maxFutureSkewMillis)
                    + " ahead of the server clock, got " + describe(ts) + ", " + seconds(ahead) + " ahead");
        }
        long age = now - ts;
        if (age > maxAgeMillis) {
            return Validated.invalid(GeoError.TS_TOO_OLD, "ts must be at most " + human(maxAgeMillis)
                    + " old, got " + describe(ts) + ", " + seconds(age) + " old");
        }
        return new Validated.Valid<>(new LocationFix(point, ts));
    }

    private static String describe(long ts) {
        return ts + " (" + Instant.ofEpochMilli(ts) + ")";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String human(long millis) {
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + " h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
