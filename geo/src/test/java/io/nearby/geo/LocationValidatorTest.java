package io.nearby.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.nearby.geo.GeoError.*;
import static io.nearby.geo.RandomPoints.anyDouble;
import static io.nearby.geo.RandomPoints.anyLong;
import static io.nearby.geo.RandomPoints.oneOf;
import static io.nearby.geo.Tries.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LocationValidatorTest {

    private static final long NOW = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
    private static final LocationValidator VALIDATOR =
            new LocationValidator(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(Double.NaN, 0.0, NOW, LAT_NOT_A_NUMBER),
                arguments(Double.POSITIVE_INFINITY, 0.0, NOW, LAT_OUT_OF_RANGE),
                arguments(Double.NEGATIVE_INFINITY, 0.0, NOW, LAT_OUT_OF_RANGE),
                arguments(-90.0001, 0.0, NOW, LAT_OUT_OF_RANGE),
                arguments(90.0001, 0.0, NOW, LAT_OUT_OF_RANGE),
                arguments(0.0, Double.NaN, NOW, LON_NOT_A_NUMBER),
                arguments(0.0, Double.POSITIVE_INFINITY, NOW, LON_OUT_OF_RANGE),
                arguments(0.0, Double.NEGATIVE_INFINITY, NOW, LON_OUT_OF_RANGE),
                arguments(0.0, -180.0001, NOW, LON_OUT_OF_RANGE),
                arguments(0.0, 180.0001, NOW, LON_OUT_OF_RANGE),
                arguments(0.0, 0.0, 0L, TS_NOT_POSITIVE),
                arguments(0.0, 0.0, -1L, TS_NOT_POSITIVE),
                arguments(0.0, 0.0, Long.MIN_VALUE, TS_NOT_POSITIVE),
                arguments(0.0, 0.0, NOW + 5 * MINUTE + 1, TS_IN_FUTURE),
                arguments(0.0, 0.0, Long.MAX_VALUE, TS_IN_FUTURE),
                arguments(0.0, 0.0, NOW - 24 * HOUR - 1, TS_TOO_OLD),
                arguments(0.0, 0.0, 1L, TS_TOO_OLD),
                arguments(Double.NaN, Double.NaN, -1L, LAT_NOT_A_NUMBER)); // first problem wins
    }

    @ParameterizedTest(name = "lat={0} lon={1} ts={2} -> {3}")
    @MethodSource("rejected")
    void rejectsWithTheExactError(double lat, double lon, long ts, GeoError expected) {
        Validated<LocationFix> result = VALIDATOR.validate(lat, lon, ts);
        assertThat(result).isInstanceOfSatisfying(Validated.Invalid.class, bad -> {
            assertThat(bad.error()).isEqualTo(expected);
            assertThat(bad.message()).startsWith(expected.field() + " ");
        });
    }

    @ParameterizedTest(name = "lat={0} lon={1} ts={2}")
    @MethodSource("accepted")
    void acceptsBoundaries(double lat, double lon, long ts) {
        assertThat(VALIDATOR.validate(lat, lon, ts))
                .isEqualTo(new Validated.Valid<>(new LocationFix(new GeoPoint(lat, lon), ts)));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments(90.0, 180.0, NOW), arguments(-90.0, -180.0, NOW), arguments(0.0, 0.0, NOW),
                arguments(-0.0, -0.0, NOW), arguments(51.5, -0.12, NOW + 5 * MINUTE),
                arguments(51.5, -0.12, NOW - 24 * HOUR));
    }

    record Fix(double lat, double lon, long ts) {
    }

    @Test
    void neverThrowsAndAcceptsOnlyWhatIsInRange(TestInfo test) {
        forAll(test, 2000, r -> new Fix(anyDouble(r), anyDouble(r), anyTs(r)), c -> {
            switch (VALIDATOR.validate(c.lat(), c.lon(), c.ts())) {
                case Validated.Valid<LocationFix>(LocationFix fix) -> {
                    assertThat(fix.point().lat()).isBetween(-90.0, 90.0);
                    assertThat(fix.point().lon()).isBetween(-180.0, 180.0);
                    assertThat(fix.ts()).isBetween(NOW - 24 * HOUR, NOW + 5 * MINUTE);
                }
                case Validated.Invalid<LocationFix> bad -> assertThat(bad.message()).startsWith(bad.error().field() + " ");
            }
        });
    }

    /**
     * Half the time any long ({@link RandomPoints#anyLong}), half the time around the accepted window
     * [now - 24 h, now + 5 min]: uniform in [now - 25 h, now + 10 min], 1 in 10 exactly on or next to a limit.
     */
    private static long anyTs(SplittableRandom r) {
        if (r.nextBoolean()) {
            return anyLong(r);
        }
        if (r.nextInt(10) == 0) {
            return oneOf(r, NOW - 25 * HOUR, NOW + 10 * MINUTE, NOW, NOW - 24 * HOUR, NOW - 24 * HOUR - 1,
                    NOW + 5 * MINUTE, NOW + 5 * MINUTE + 1);
        }
        return r.nextLong(NOW - 25 * HOUR, NOW + 10 * MINUTE + 1);
    }

    @Test
    void messagesAreReadable() {
        assertThat(message(91.5, 0, NOW)).isEqualTo("lat must be within [-90, 90], got 91.5");
        assertThat(message(0, -180.0001, NOW)).isEqualTo("lon must be within [-180, 180], got -180.0001");
        assertThat(message(Double.NaN, 0, NOW)).isEqualTo("lat must be a number, got NaN");
        assertThat(message(0, 0, -5)).isEqualTo("ts must be milliseconds since the epoch (> 0), got -5");
        assertThat(message(0, 0, NOW + 10 * MINUTE)).isEqualTo("ts must be at most 5 min ahead of the server clock, got "
                + (NOW + 10 * MINUTE) + " (2025-06-01T12:10:00Z), 600.0 s ahead");
        assertThat(message(0, 0, NOW - 25 * HOUR)).isEqualTo("ts must be at most 24 h old, got "
                + (NOW - 25 * HOUR) + " (2025-05-31T11:00:00Z), 90000.0 s old");
    }

    @Test
    void limitsAreConfigurable() {
        var strict = new LocationValidator(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                Duration.ZERO, Duration.ofMinutes(10));
        assertThat(errorOf(strict.validate(0, 0, NOW + 1))).isEqualTo(TS_IN_FUTURE);
        assertThat(errorOf(strict.validate(0, 0, NOW - 11 * MINUTE))).isEqualTo(TS_TOO_OLD);
        assertThat(strict.validate(0, 0, NOW)).isInstanceOf(Validated.Valid.class);
        assertThatIllegalArgumentException().isThrownBy(() -> new LocationValidator(Clock.systemUTC(),
                Duration.ofSeconds(-1), Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new LocationValidator(Clock.systemUTC(),
                Duration.ZERO, Duration.ZERO));
    }

    @Test
    void pointFactoryReportsAndConstructorThrows() {
        assertThat(CoordinateValidator.point(12.5, 99.0)).isEqualTo(new Validated.Valid<>(new GeoPoint(12.5, 99.0)));
        assertThat(CoordinateValidator.point(0, 181)).isEqualTo(Validated.invalid(LON_OUT_OF_RANGE, "lon must be within [-180, 180], got 181.0"));
        assertThatIllegalArgumentException().isThrownBy(() -> new GeoPoint(Double.NaN, 0)).withMessage("lat must be a number, got NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> new LocationFix(new GeoPoint(0, 0), 0));
    }

    private static String message(double lat, double lon, long ts) {
        return ((Validated.Invalid<LocationFix>) VALIDATOR.validate(lat, lon, ts)).message();
    }

    /** The error of an Invalid result, or null for a Valid one. */
    private static GeoError errorOf(Validated<?> result) {
        return result instanceof Validated.Invalid<?> bad ? bad.error() : null;
    }
}
