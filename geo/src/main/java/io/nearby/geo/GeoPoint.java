package io.nearby.geo;

/**
 * A position on the Earth in WGS-84 degrees: {@code lat} in [-90, 90], {@code lon} in [-180, 180].
 *
 * <p>Untrusted input (a client message) goes through {@link CoordinateValidator#point(double, double)} (or
 * {@link LocationValidator}), which reports a typed {@link GeoError} and never throws. The canonical constructor is for trusted code (our own computations,
 * tests): it throws {@link IllegalArgumentException} for the same invalid values, so an invalid point
 * cannot exist.
 */
public record GeoPoint(double lat, double lon) {

    /**
     * For trusted values only.
     *
     * @throws IllegalArgumentException if a coordinate is NaN, infinite or out of range
     */
    public GeoPoint {
        CoordinateValidator.problem(lat, lon).ifPresent(bad -> {
            throw new IllegalArgumentException(bad.message());
        });
    }
}
