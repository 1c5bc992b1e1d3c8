package io.nearby.history;

/**
 * Where every accepted location update is appended. {@link #append} must never block the caller (the
 * WebSocket connection's thread): implementations queue and write asynchronously, and drop (counting) when
 * they cannot keep up — losing a few history points is acceptable, slowing the live path is not.
 */
public interface LocationHistory {
    void append(String userId, double lat, double lon, long ts);

    /** Keeps nothing (until a history store is configured). */
    LocationHistory NONE = (userId, lat, lon, ts) -> {
    };
}
