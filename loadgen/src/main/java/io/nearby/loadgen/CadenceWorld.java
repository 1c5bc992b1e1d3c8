package io.nearby.loadgen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;

/**
 * The seed's shape for the cadence benchmark, as a pure function of world time: users live in {@code cities} cities
 * 200 km apart (far beyond anything the cadence measures), each user's friends are mostly in other cities and a few
 * in the same one; and every user moves on a circle of their own around a point of their city at a constant speed —
 * half of them stand still, a quarter walk (3–6 km/h), a quarter drive (20–60 km/h) — so that two friends never close
 * in faster than 120 km/h, the server's default closing speed. Friends in the same city drift in and out of each
 * other's radius; the generator knows the true positions at any time ({@link #position}).
 */
final class CadenceWorld {
    /** Distance between two neighbouring cities. */
    static final double CITY_SPACING_METERS = 200_000;
    /** Home points are spread over a disc of this radius around the city centre. */
    static final double CITY_RADIUS_METERS = 12_000;
    static final double MAX_SPEED_KMH = 60;
    private static final GeoPoint ORIGIN = new GeoPoint(40.0, -3.0);

    private final int users;
    private final int cities;
    private final GeoPoint[] centre;
    private final double[] circleMeters;
    private final double[] radiansPerSecond;
    private final double[] phase;
    private final double[] speedKmh;
    private final List<int[]> edges = new ArrayList<>();
    private final List<int[]> sameCity = new ArrayList<>();

    /**
     * @param friends         friends per user (about: the graph is drawn, duplicates dropped)
     * @param sameCityFriends how many of them live in the user's city
     */
    CadenceWorld(int users, int cities, int friends, int sameCityFriends, long seed) {
        if (users < 2 || cities < 1 || cities > users || sameCityFriends > friends || friends >= users) {
            throw new IllegalArgumentException("users ≥ 2, 1 ≤ cities ≤ users, sameCityFriends ≤ friends < users");
        }
        this.users = users;
        this.cities = cities;
        Random rnd = new Random(seed);
        centre = new GeoPoint[users];
        circleMeters = new double[users];
        radiansPerSecond = new double[users];
        phase = new double[users];
        speedKmh = new double[users];
        for (int u = 0; u < users; u++) {
            GeoPoint city = cityCentre(city(u));
            GeoPoint home = GreatCircle.destination(city, rnd.nextDouble() * 360, CITY_RADIUS_METERS * Math.sqrt(rnd.nextDouble()));
            double kind = rnd.nextDouble();
            double speed = kind < 0.5 ? 0 : kind < 0.75 ? 3 + 3 * rnd.nextDouble() : 20 + (MAX_SPEED_KMH - 20) * rnd.nextDouble();
            double circle = speed == 0 ? 0 : speed < 10 ? 300 + 1_700 * rnd.nextDouble() : 2_000 + 8_000 * rnd.nextDouble();
            double bearing = rnd.nextDouble() * 360;
            centre[u] = circle == 0 ? home : GreatCircle.destination(home, bearing, circle);
            circleMeters[u] = circle;
            radiansPerSecond[u] = circle == 0 ? 0 : speed / 3.6 / circle * (rnd.nextBoolean() ? 1 : -1);
            phase[u] = Math.toRadians(bearing + 180);
            speedKmh[u] = speed;
        }
        Set<Long> seen = new HashSet<>();
        for (int u = 0; u < users; u++) {
            for (int k = 0; k < friends / 2; k++) { // each user proposes half; the other half comes from others' proposals
                boolean local = k < (sameCityFriends + 1) / 2;
                int v = local ? sameCityPeer(u, rnd) : otherCityPeer(u, rnd);
                if (v < 0 || v == u || !seen.add(key(u, v))) {
                    continue;
                }
                int[] e = {Math.min(u, v), Math.max(u, v)};
                edges.add(e);
                if (city(u) == city(v)) {
                    sameCity.add(e);
                }
            }
        }
    }

    int users() {
        return users;
    }

    int cities() {
        return cities;
    }

    int city(int user) {
        return user % cities;
    }

    /** Every friendship, {@code {a, b}} with a < b. */
    List<int[]> edges() {
        return edges;
    }

    /** The friendships within one city: the only pairs that can ever be within the radius. */
    List<int[]> sameCityEdges() {
        return sameCity;
    }

    double speedKmh(int user) {
        return speedKmh[user];
    }

    /** Where {@code user} truly is at world time {@code seconds}. */
    GeoPoint position(int user, double seconds) {
        if (circleMeters[user] == 0) {
            return centre[user];
        }
        double angle = phase[user] + radiansPerSecond[user] * seconds;
        return GreatCircle.destination(centre[user], Math.toDegrees(angle), circleMeters[user]);
    }

    double meters(int a, int b, double seconds) {
        return GreatCircle.meters(position(a, seconds), position(b, seconds));
    }

    private GeoPoint cityCentre(int city) {
        int side = (int) Math.ceil(Math.sqrt(cities));
        GeoPoint row = GreatCircle.destination(ORIGIN, 180, CITY_SPACING_METERS * (city / side));
        return GreatCircle.destination(row, 90, CITY_SPACING_METERS * (city % side));
    }

    private int sameCityPeer(int u, Random rnd) {
        int perCity = users / cities;
        if (perCity < 2) {
            return -1;
        }
        return city(u) + cities * rnd.nextInt(perCity);
    }

    private int otherCityPeer(int u, Random rnd) {
        if (cities == 1) {
            return -1;
        }
        int v;
        do {
            v = rnd.nextInt(users);
        } while (city(v) == city(u));
        return v;
    }

    private static long key(int u, int v) {
        return (long) Math.min(u, v) << 32 | Math.max(u, v);
    }
}
