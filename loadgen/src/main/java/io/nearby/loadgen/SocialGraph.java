package io.nearby.loadgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;

/**
 * The simulated population: where every user lives and who is whose friend. Pure and deterministic for a seed.
 *
 * <p>Geography. Users live in neighbourhoods of at least {@link #MIN_HOOD_SIZE} people, and of at least twice the
 * wanted number of near friends ({@link #hoodSize}), so that 40 near friends each (the seed's shape) fit; a
 * neighbourhood is a disc of {@link #HOME_SPREAD} × radius around its centre, whatever its size, and its people walk
 * at most {@link Walker#LIMIT} × radius from home, so any two people of one neighbourhood are always within
 * 2 × (0.18 + 0.12) = 0.6 × radius of each other: always "nearby". Neighbourhood centres sit on a grid with a pitch of
 * {@link #HOOD_PITCH} × radius around a few real city centres, so people of different neighbourhoods are always more
 * than 3 × radius apart: never nearby. Users are split into neighbourhoods in consecutive blocks of (almost) equal
 * size: {@code hood(u) = u × hoods / users}.
 *
 * <p>Friendships. Every user gets {@code friends} friends, of which {@code nearFriends} (on average: rounded per user
 * at random so that the mean is exact) live in the same neighbourhood and the rest elsewhere; each part is a random
 * regular-ish graph (configuration model: random stub pairing, rejecting self-loops, duplicates and wrong-place pairs;
 * a stub that finds no partner is dropped, so a few users end with one friend fewer). Because the geometry never
 * changes who is near whom, {@link #nearFriendsOf} is exactly the set of friends each of a user's updates must reach.
 */
final class SocialGraph {
    /** Fewest people per neighbourhood (the size of every neighbourhood of the default shape). */
    static final int MIN_HOOD_SIZE = 20;
    /** Radius of a neighbourhood, as a multiple of the "nearby" radius. */
    static final double HOME_SPREAD = 0.18;
    /** Distance between neighbourhood centres, as a multiple of the "nearby" radius. */
    static final double HOOD_PITCH = 4.0;
    private static final int PARTNER_ATTEMPTS = 64;
    private static final GeoPoint[] CITIES = {
        new GeoPoint(37.7749, -122.4194), new GeoPoint(40.7128, -74.0060), new GeoPoint(51.5074, -0.1278),
        new GeoPoint(48.8566, 2.3522), new GeoPoint(35.6762, 139.6503), new GeoPoint(37.5665, 126.9780),
        new GeoPoint(-23.5505, -46.6333), new GeoPoint(-33.8688, 151.2093),
    };

    private final GeoPoint[] homes;
    private final int[] hoods;
    private final int[][] friends;
    private final double radiusMeters;

    private SocialGraph(GeoPoint[] homes, int[] hoods, int[][] friends, double radiusMeters) {
        this.homes = homes;
        this.hoods = hoods;
        this.friends = friends;
        this.radiusMeters = radiusMeters;
    }

    /**
     * @param users        population size (≥ 2)
     * @param friends      target friends per user (≥ 0, &lt; users)
     * @param nearFraction target share of each user's friends who live within the radius, in [0, 1]
     * @param radiusMeters the server's "nearby" radius
     */
    static SocialGraph generate(int users, int friends, double nearFraction, double radiusMeters, long seed) {
        if (nearFraction < 0 || nearFraction > 1) {
            throw new IllegalArgumentException("need a near fraction in [0,1]");
        }
        return generateNear(users, friends, friends * nearFraction, radiusMeters, seed);
    }

    /**
     * @param nearFriends target mean number of each user's friends who live within the radius, in [0, friends]
     */
    static SocialGraph generateNear(int users, int friends, double nearFriends, double radiusMeters, long seed) {
        if (users < 2 || friends < 0 || friends >= users || nearFriends < 0 || nearFriends > friends || radiusMeters <= 0) {
            throw new IllegalArgumentException("need users ≥ 2, 0 ≤ friends < users, 0 ≤ near friends ≤ friends, radius > 0");
        }
        Random rnd = new Random(seed);
        int hoodSize = hoodSize(nearFriends);
        int hoodCount = Math.max(1, users / hoodSize);
        int hoodsPerCity = (hoodCount + CITIES.length - 1) / CITIES.length;
        int side = (int) Math.ceil(Math.sqrt(hoodsPerCity));
        GeoPoint[] hoodCentres = new GeoPoint[hoodCount];
        for (int h = 0; h < hoodCount; h++) {
            GeoPoint city = CITIES[h % CITIES.length];
            int slot = h / CITIES.length;
            double east = (slot % side) * HOOD_PITCH * radiusMeters;
            double north = (slot / side) * HOOD_PITCH * radiusMeters;
            hoodCentres[h] = GreatCircle.destination(GreatCircle.destination(city, 0, north), 90, east);
        }
        GeoPoint[] homes = new GeoPoint[users];
        int[] hoods = new int[users];
        int[] hoodStart = new int[hoodCount + 1];
        for (int u = 0; u < users; u++) {
            hoods[u] = (int) ((long) u * hoodCount / users);
            hoodStart[hoods[u] + 1] = u + 1;
            // uniform over the disc: sqrt for the distance
            double d = Math.sqrt(rnd.nextDouble()) * HOME_SPREAD * radiusMeters;
            homes[u] = GreatCircle.destination(hoodCentres[hoods[u]], rnd.nextDouble() * 360, d);
        }

        List<Set<Integer>> adjacency = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            adjacency.add(new HashSet<>());
        }
        double nearTarget = nearFriends;
        int[] nearDegree = new int[users];
        for (int u = 0; u < users; u++) {
            int base = (int) Math.floor(nearTarget);
            nearDegree[u] = base + (rnd.nextDouble() < nearTarget - base ? 1 : 0);
        }
        // near: one pairing per neighbourhood
        for (int h = 0; h < hoodCount; h++) {
            int from = hoodStart[h];
            int to = hoodStart[h + 1];
            List<Integer> stubs = new ArrayList<>();
            for (int u = from; u < to; u++) {
                for (int i = 0; i < Math.min(nearDegree[u], to - from - 1); i++) {
                    stubs.add(u);
                }
            }
            pair(stubs, adjacency, (a, b) -> true, rnd);
        }
        // far: one global pairing, never inside a neighbourhood
        List<Integer> stubs = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int far = friends - adjacency.get(u).size();
            for (int i = 0; i < far; i++) {
                stubs.add(u);
            }
        }
        pair(stubs, adjacency, (a, b) -> hoods[a] != hoods[b], rnd);

        int[][] lists = new int[users][];
        for (int u = 0; u < users; u++) {
            lists[u] = adjacency.get(u).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return new SocialGraph(homes, hoods, lists, radiusMeters);
    }

    /**
     * People per neighbourhood for a wanted mean number of near friends: at least {@link #MIN_HOOD_SIZE}, and at
     * least twice the near friends, so that random pairing inside a neighbourhood finds partners (a neighbourhood
     * that had to be a complete graph would lose stubs to rejected duplicates).
     */
    static int hoodSize(double nearFriends) {
        return Math.max(MIN_HOOD_SIZE, 2 * (int) Math.ceil(nearFriends));
    }

    private interface Allowed {
        boolean test(int a, int b);
    }

    /** Configuration model: pairs random stubs into new, allowed edges; a stub without a partner is dropped. */
    private static void pair(List<Integer> stubs, List<Set<Integer>> adjacency, Allowed allowed, Random rnd) {
        java.util.Collections.shuffle(stubs, rnd);
        while (stubs.size() >= 2) {
            int a = stubs.removeLast();
            for (int attempt = 0; attempt < PARTNER_ATTEMPTS; attempt++) {
                int i = rnd.nextInt(stubs.size());
                int b = stubs.get(i);
                if (a != b && allowed.test(a, b) && !adjacency.get(a).contains(b)) {
                    adjacency.get(a).add(b);
                    adjacency.get(b).add(a);
                    stubs.set(i, stubs.getLast());
                    stubs.removeLast();
                    break;
                }
            }
        }
    }

    int size() {
        return homes.length;
    }

    GeoPoint home(int user) {
        return homes[user];
    }

    int hood(int user) {
        return hoods[user];
    }

    /** Sorted, no duplicates, never the user. */
    int[] friendsOf(int user) {
        return friends[user].clone();
    }

    int degree(int user) {
        return friends[user].length;
    }

    /** Every friendship once, as {@code {a, b}} with a &lt; b. */
    List<int[]> edges() {
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < friends.length; a++) {
            for (int b : friends[a]) {
                if (a < b) {
                    edges.add(new int[] {a, b});
                }
            }
        }
        return edges;
    }

    double meanDegree() {
        return Arrays.stream(friends).mapToInt(f -> f.length).average().orElse(0);
    }

    /**
     * Friends of {@code user} whose homes are within the radius of the user's home (sorted): by the geometry, exactly
     * the friends every update of the user must reach while they are connected.
     */
    int[] nearFriendsOf(int user) {
        return java.util.Arrays.stream(friends[user])
                .filter(f -> GreatCircle.meters(homes[user], homes[f]) <= radiusMeters).toArray();
    }

    /** The stack floor's forwarding plan: every user's frames go to its friends within the radius. */
    io.nearby.loadgen.floor.ForwardingPlan forwardingPlan() {
        int[][] targets = new int[homes.length][];
        for (int u = 0; u < homes.length; u++) {
            targets[u] = nearFriendsOf(u);
        }
        return io.nearby.loadgen.floor.ForwardingPlan.of(targets);
    }

    /** Friends of {@code user} whose homes are within the radius of the user's home. */
    int nearDegree(int user) {
        int n = 0;
        for (int f : friends[user]) {
            if (GreatCircle.meters(homes[user], homes[f]) <= radiusMeters) {
                n++;
            }
        }
        return n;
    }

    /** Mean number of friends within the radius: the expected deliveries per location update. */
    double meanNearDegree() {
        double sum = 0;
        for (int u = 0; u < homes.length; u++) {
            sum += nearDegree(u);
        }
        return sum / homes.length;
    }

    /** Share of friendships whose two homes are within the radius (measured on the geometry, not assumed). */
    double nearFraction() {
        long near = 0;
        long all = 0;
        for (int u = 0; u < homes.length; u++) {
            near += nearDegree(u);
            all += friends[u].length;
        }
        return all == 0 ? 0 : (double) near / all;
    }

    double radiusMeters() {
        return radiusMeters;
    }
}
