package io.nearby.geo;

/**
 * Why a client-supplied location was rejected. The WebSocket layer maps every one of these to the
 * protocol's {@code bad_request} error and sends the accompanying human-readable message.
 */
public enum GeoError {
    /** The latitude is NaN. Infinite values are {@link #LAT_OUT_OF_RANGE}. */
    LAT_NOT_A_NUMBER("lat"),
    /** The longitude is NaN. Infinite values are {@link #LON_OUT_OF_RANGE}. */
    LON_NOT_A_NUMBER("lon"),
    /** Outside [-90, 90], including ±Infinity. */
    LAT_OUT_OF_RANGE("lat"),
    /** Outside [-180, 180], including ±Infinity. */
    LON_OUT_OF_RANGE("lon"),
    /** Zero or negative: not a time since the epoch. */
    TS_NOT_POSITIVE("ts"),
    /** Further ahead of the server clock than the allowed skew. */
    TS_IN_FUTURE("ts"),
    /** Older than the allowed maximum age. */
    TS_TOO_OLD("ts");

    private final String field;

    GeoError(String field) {
        this.field = field;
    }

    /** The protocol field the error is about: {@code lat}, {@code lon} or {@code ts}. */
    public String field() {
        return field;
    }
}
