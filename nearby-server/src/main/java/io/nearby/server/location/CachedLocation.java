package io.nearby.server.location;

/**
 * A user's latest location as cached and as carried on their channel.
 *
 * @param lat        WGS-84 degrees
 * @param lon        WGS-84 degrees
 * @param ts         the user's own update time (ms since the epoch), shown to friends
 * @param receivedAt when a server accepted it (ms since the epoch, server clock): inactivity is measured from here
 */
public record CachedLocation(double lat, double lon, long ts, long receivedAt) {

    /** Compact wire/cache form: {@code lat,lon,ts,receivedAt}. */
    public String encode() {
        return lat + "," + lon + "," + ts + "," + receivedAt;
    }

    /** @return null when the text is not a valid encoding (a foreign or corrupted value is ignored, not fatal) */
    public static CachedLocation decode(String text) {
        if (text == null) {
            return null;
        }
        String[] p = text.split(",", -1);
        if (p.length != 4) {
            return null;
        }
        try {
            double lat = Double.parseDouble(p[0]);
            double lon = Double.parseDouble(p[1]);
            if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
                return null;
            }
            return new CachedLocation(lat, lon, Long.parseLong(p[2]), Long.parseLong(p[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
