package io.nearby.server.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import io.nearby.api.UserIds;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;

/**
 * Who is in a demo crowd and how each one walks: pure, so that tests can check the mix. For a host (the
 * signed-in user) at {@code centre} with the nearby radius {@code R}, the friends are, in turn:
 * <ul>
 *   <li>{@link Kind#STROLLER}: walks 1.5-6 km/h within about 2 km (at most 0.4 R) of the host;</li>
 *   <li>{@link Kind#RUNNER}: jogs or cycles 7-12 km/h between 0.3 R and 0.8 R;</li>
 *   <li>{@link Kind#COMMUTER_IN}: cycles 12-15 km/h, starts just outside R heading in, then keeps crossing R;</li>
 *   <li>{@link Kind#COMMUTER_OUT}: the same, starting just inside R heading out;</li>
 *   <li>{@link Kind#QUIET}: a stroller who stops sending after {@link #QUIET_AFTER} (the app was closed) and so
 *       turns inactive for the server after NEARBY_INACTIVE_SECONDS.</li>
 * </ul>
 * Strangers are discoverable strollers like the first kind, and nobody's friends. Each walker sends every 3-5 s,
 * well under the per-connection update limit (NEARBY_WS_UPDATES_PER_SECOND, 2/s).
 */
record DemoPlan(String hostId, GeoPoint centre, List<Walker> walkers) {
    /** How long the quiet friend sends before it stops. */
    static final Duration QUIET_AFTER = Duration.ofSeconds(45);
    /** Every demo user's id starts with this, followed by the host's id. */
    static final String ID_PREFIX = "demo-";
    private static final int HOST_ID_CHARS = UserIds.MAX_LENGTH - ID_PREFIX.length() - 4;
    private static final List<String> FRIEND_NAMES = List.of("Ada", "Bruno", "Chloé", "Dev", "Emeka", "Freya", "Gus",
            "Hana", "Ivo", "Jade", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tove");

    enum Kind { STROLLER, RUNNER, COMMUTER_IN, COMMUTER_OUT, QUIET, STRANGER }

    /**
     * One demo user.
     *
     * @param friend      true: becomes the host's friend; false: a discoverable stranger
     * @param sendEvery   how often it sends its position
     * @param quietAfter  when it stops sending, if ever
     */
    record Walker(String id, String name, Kind kind, boolean friend, GeoPoint start, double speedKmh, double near,
                  double far, boolean commutes, boolean inbound, Duration sendEvery, Optional<Duration> quietAfter) {

        StreetWalk walk(GeoPoint centre, RandomGenerator random) {
            return new StreetWalk(start, speedKmh, centre, near, far, commutes, inbound, random);
        }
    }

    /** The order in which friends' kinds are dealt: a crowd of 5 or more has one of each, and only one quiet one. */
    private static final List<Kind> DEAL = List.of(Kind.STROLLER, Kind.COMMUTER_IN, Kind.QUIET, Kind.COMMUTER_OUT,
            Kind.RUNNER, Kind.STROLLER, Kind.STROLLER, Kind.RUNNER);
    /** Then, for larger crowds, round and round. */
    private static final List<Kind> MORE = List.of(Kind.STROLLER, Kind.RUNNER, Kind.STROLLER, Kind.COMMUTER_IN,
            Kind.STROLLER, Kind.COMMUTER_OUT);

    static DemoPlan of(String hostId, GeoPoint centre, double radiusMeters, int friends, int strangers,
                       RandomGenerator random) {
        List<Walker> walkers = new ArrayList<>();
        for (int i = 0; i < friends; i++) {
            Kind kind = i < DEAL.size() ? DEAL.get(i) : MORE.get((i - DEAL.size()) % MORE.size());
            String name = FRIEND_NAMES.get(i % FRIEND_NAMES.size()) + (i < FRIEND_NAMES.size() ? "" : " " + (i / FRIEND_NAMES.size() + 1));
            walkers.add(walker(idPrefix(hostId) + String.format("f%02d", i + 1), name + " (demo)", kind, true, centre,
                    radiusMeters, i, random));
        }
        for (int i = 0; i < strangers; i++) {
            walkers.add(walker(idPrefix(hostId) + String.format("s%02d", i + 1), "Passer-by " + (i + 1), Kind.STRANGER,
                    false, centre, radiusMeters, i, random));
        }
        return new DemoPlan(hostId, centre, List.copyOf(walkers));
    }

    /** The id prefix of every demo user of this host ({@code demo-<host>-}); ids stay within the 64 characters. */
    static String idPrefix(String hostId) {
        return ID_PREFIX + (hostId.length() > HOST_ID_CHARS ? hostId.substring(0, HOST_ID_CHARS) : hostId) + "-";
    }

    private static Walker walker(String id, String name, Kind kind, boolean friend, GeoPoint centre, double r, int i,
                                 RandomGenerator random) {
        Duration sendEvery = Duration.ofSeconds(3 + i % 3);
        double closeBand = Math.min(2000, 0.4 * r);
        // the commuters' band straddles the radius: in to R - 600 m, out to R + 300 m (less for a small radius)
        double inside = r - Math.min(600, 0.3 * r);
        double outside = r + Math.min(300, 0.15 * r);
        return switch (kind) {
            case STROLLER, QUIET, STRANGER -> new Walker(id, name, kind, friend,
                    around(centre, between(random, Math.min(150, 0.1 * r), 0.9 * closeBand), random),
                    between(random, 1.5, 6), 0.6 * closeBand, closeBand, false, false, sendEvery,
                    kind == Kind.QUIET ? Optional.of(QUIET_AFTER) : Optional.empty());
            case RUNNER -> new Walker(id, name, kind, friend, around(centre, between(random, 0.3 * r, 0.7 * r), random),
                    between(random, 7, 12), 0.5 * r, 0.8 * r, false, false, sendEvery, Optional.empty());
            case COMMUTER_IN -> new Walker(id, name, kind, friend, around(centre, r + Math.min(150, 0.05 * r), random),
                    between(random, 12, 15), inside, outside, true, true, sendEvery, Optional.empty());
            case COMMUTER_OUT -> new Walker(id, name, kind, friend, around(centre, r - Math.min(100, 0.05 * r), random),
                    between(random, 12, 15), inside, outside, true, false, sendEvery, Optional.empty());
        };
    }

    /** A point {@code meters} from the centre in a random direction. */
    private static GeoPoint around(GeoPoint centre, double meters, RandomGenerator random) {
        return GreatCircle.destination(centre, random.nextDouble() * 360, meters);
    }

    private static double between(RandomGenerator random, double low, double high) {
        return low + random.nextDouble() * (high - low);
    }
}
