package io.nearby.geo;

import java.util.Optional;

/**
 * Checks untrusted latitude/longitude pairs: NaN, infinities and values outside lat [-90, 90] or
 * lon [-180, 180] (bounds included) are rejected with a typed {@link GeoError}. Latitude is checked
 * before longitude; only the first problem is reported.
 */
public final class CoordinateValidator {

    private CoordinateValidator() {
    }

    /** Validates a coordinate pair; never throws. */
    public static Validated<GeoPoint> point(double lat, double lon) {
        Optional<Validated.Invalid<GeoPoint>> problem = problem(lat, lon);
        return problem.isPresent() ? problem.get() : new Validated.Valid<>(new GeoPoint(lat, lon));
    }

    /** The first problem with the pair, or empty when it is a valid position. Allocates nothing when valid. */
    static <T> Optional<Validated.Invalid<T>> problem(double lat, double lon) {
        if (Double.isNaN(lat)) {
            return Optional.of(Validated.invalid(GeoError.LAT_NOT_A_NUMBER, "lat must be a number, got NaN"));
        }
        if (!(lat >= -90.0 && lat <= 90.0)) {
            return Optional.of(Validated.invalid(GeoError.LAT_OUT_OF_RANGE, "lat must be within [-90, 90], got " + lat));
        }
        if (Double.isNaN(lon)) {
            return Optional.of(Validated.invalid(GeoError.LON_NOT_A_NUMBER, "lon must be a number, got NaN"));
        }
        if (!(lon >= -180.0 && lon <= 180.0)) {
            return Optional.of(Validated.invalid(GeoError.LON_OUT_OF_RANGE, "lon must be within [-180, 180], got " + lon));
        }
        return Optional.empty();
    }
}
