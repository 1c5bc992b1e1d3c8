package io.nearby.server.config;

import java.time.Duration;

/**
 * The product rules a user sees: who counts as nearby, when a friend disappears, how long a page is.
 *
 * @param radiusMiles   NEARBY_RADIUS_MILES [5]: great-circle radius
 * @param inactiveAfter NEARBY_INACTIVE_SECONDS [600]: a user whose last update is older disappears
 * @param pageSize      NEARBY_PAGE_SIZE [20]: entries per page of the nearby list
 */
public record NearbyRules(double radiusMiles, Duration inactiveAfter, int pageSize) {
    public static final double DEFAULT_RADIUS_MILES = 5;
    public static final int DEFAULT_INACTIVE_SECONDS = 600;
    public static final int DEFAULT_PAGE_SIZE = 20;
    private static final double METERS_PER_MILE = 1609.344;

    public double radiusMeters() {
        return radiusMiles * METERS_PER_MILE;
    }

    static NearbyRules from(Env env) {
        return new NearbyRules(
                env.decimal("NEARBY_RADIUS_MILES", DEFAULT_RADIUS_MILES, 0, 500),
                env.seconds("NEARBY_INACTIVE_SECONDS", DEFAULT_INACTIVE_SECONDS, 5, 86_400),
                env.integer("NEARBY_PAGE_SIZE", DEFAULT_PAGE_SIZE, 1, 500));
    }
}
