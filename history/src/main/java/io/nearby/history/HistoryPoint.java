package io.nearby.history;

/**
 * One stored location of one user.
 *
 * @param userId the user whose location it is
 * @param lat    WGS-84 latitude, degrees
 * @param lon    WGS-84 longitude, degrees
 * @param ts     the update's own time (the client's {@code ts}), milliseconds since the epoch, UTC
 */
public record HistoryPoint(String userId, double lat, double lon, long ts) {
}
