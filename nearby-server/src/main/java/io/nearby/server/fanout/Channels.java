package io.nearby.server.fanout;

/**
 * Channel names on the Pub/Sub ring. User ids are [A-Za-z0-9_-] so they never contain the separators.
 * <ul>
 *   <li>{@code u:<id>} — the user's location updates and disappearances; subscribed by the user's friends' servers</li>
 *   <li>{@code c:<id>} — control messages about the user (friendships, flags); subscribed by the user's own sessions</li>
 *   <li>{@code g:<geohash>} — discoverable users' updates in that geohash cell; subscribed by sessions with
 *       "random nearby users" on, 9 cells each (see io.nearby.geo.CellTiers)</li>
 * </ul>
 */
public final class Channels {
    private Channels() {
    }

    public static String user(String userId) {
        return "u:" + userId;
    }

    public static String control(String userId) {
        return "c:" + userId;
    }

    public static String cell(String geohash) {
        return "g:" + geohash;
    }

    public static boolean isCell(String channel) {
        return channel.startsWith("g:");
    }

    /** Whether {@code channel} is {@code u:<userId>}, without building the name (checked per message and session). */
    public static boolean isUserChannelOf(String channel, String userId) {
        return channel.length() == userId.length() + 2 && channel.startsWith("u:") && channel.endsWith(userId);
    }

    /** The user id of a {@code u:} channel, or null for any other channel. */
    public static String userOf(String channel) {
        return channel.startsWith("u:") ? channel.substring(2) : null;
    }
}
