package io.nearby.server.config;

import java.time.Duration;

import io.nearby.geo.Radius;

/**
 * The product rules a user sees: who counts as nearby, when a friend disappears, how long a page is.
 *
 * @param radiusMiles   NEARBY_RADIUS_MILES [5]: great-circle radius
 * @param inactiveAfter NEARBY_INACTIVE_SECONDS [600]: a user whose last update is older disappears
 * @param pageSize      NEARBY_PAGE_SIZE [20]: entries per page of the nearby list
 * @param maxSpeedKmh   NEARBY_MAX_SPEED_KMH [1200]: an update implying a faster move from the user's last accepted
 *                      point (by the two points' own timestamps) is refused as {@code implausible}; 0 turns the check
 *                      off (simulations)
 */
public record NearbyRules(double radiusMiles, Duration inactiveAfter, int pageSize, double maxSpeedKmh) {
    public static final double DEFAULT_RADIUS_MILES = Radius.DEFAULT_MILES;
    public static final int DEFAULT_INACTIVE_SECONDS = 600;
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final double DEFAULT_MAX_SPEED_KMH = 1200;
    /**
     * Proximity alerts: a friend who came within the alert distance alerts again only after being seen farther than
     * this many times that distance.
     */
    public static final double ALERT_HYSTERESIS = 1.2;

    public Radius radius() {
        return Radius.ofMiles(radiusMiles);
    }

    /**
     * The largest proximity alert distance, in whole metres: the radius over {@link #ALERT_HYSTERESIS}, so that the
     * exit distance is within the radius, where a session still measures its friends (6,705 m at 5 miles).
     */
    public int maxAlertMeters() {
        return (int) Math.floor(radius().meters() / ALERT_HYSTERESIS);
    }

    static NearbyRules from(Env env) {
        return new NearbyRules(
                env.decimal("NEARBY_RADIUS_MILES", DEFAULT_RADIUS_MILES, 0, Radius.MAX_MILES),
                env.seconds("NEARBY_INACTIVE_SECONDS", DEFAULT_INACTIVE_SECONDS, 1, 86_400),
                env.integer("NEARBY_PAGE_SIZE", DEFAULT_PAGE_SIZE, 1, 500),
                maxSpeed(env));
    }

    private static double maxSpeed(Env env) {
        if (env.string("NEARBY_MAX_SPEED_KMH").filter(v -> v.equals("0")).isPresent()) {
            return 0;
        }
        return env.decimal("NEARBY_MAX_SPEED_KMH", DEFAULT_MAX_SPEED_KMH, 0, 100_000);
    }
}
