package io.nearby.server.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.nearby.friends.UserProfile;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.Radius;
import io.nearby.microbench.Inputs;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.ServerMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-session filter, {@link FriendView} (package-private, hence this package): one session's view of
 * {@code friends} friends around HOME, the default 5-mile radius and 600 s inactivity, one in ten friends within
 * 4 miles (visible), the others 20–2,000 km away (hidden), all active, set up with {@code reset} as {@code init} does.
 * <ul>
 *   <li>{@link #movedHiddenFar}: a far friend's update (nine in ten deliveries): lookup, newer-than, box test,
 *       nothing to send;</li>
 *   <li>{@link #movedVisibleNear}: a visible friend's update: the same plus the haversine and one
 *       {@code friend_location} message (not serialised; that is EncodeBench);</li>
 *   <li>{@link #ownMoved}: this user's own update: a new box, then every friend re-checked. The user moves in
 *       turn among 64 positions within 300 m of HOME, so (as for a walker) no friend changes visibility and nothing is
 *       sent: the steady state.</li>
 * </ul>
 * Each {@code moved} call passes a new {@link CachedLocation} one millisecond newer than the previous one (with
 * {@code now} equal to its receivedAt), as a channel delivers it; an equal or older one would be ignored at the
 * newer-than check. Building that 40-byte record is part of the measured time (decode builds it in production).
 * Friends are taken in turn, so map lookups hit different entries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FriendViewBench {
    private static final long INACTIVE_MILLIS = 600_000;
    private static final int PATH = 64;

    @Param({"20", "400"})
    public int friends;

    private FriendView view;
    private String[] farIds;
    private double[] farLat;
    private double[] farLon;
    private String[] nearIds;
    private double[] nearLat;
    private double[] nearLon;
    private GeoPoint[] path;
    private long clock;
    private int far;
    private int near;
    private int step;

    @Setup
    public void setup() {
        Random rnd = Inputs.random();
        Radius radius = Radius.DEFAULT;
        view = new FriendView(radius, INACTIVE_MILLIS);
        List<UserProfile> profiles = new ArrayList<>();
        Map<String, CachedLocation> locations = new HashMap<>();
        List<String> farList = new ArrayList<>();
        List<GeoPoint> farAt = new ArrayList<>();
        List<String> nearList = new ArrayList<>();
        List<GeoPoint> nearAt = new ArrayList<>();
        for (int n = 0; n < friends; n++) {
            String id = Inputs.userId(n);
            boolean isNear = n % 10 == 0;
            GeoPoint at = Inputs.friendPosition(rnd, isNear, 0.8 * radius.meters()); // near ones stay inside while HOME's user walks
            profiles.add(new UserProfile(id, Inputs.name(rnd), "https://avatars.example/" + id + ".png", true, false));
            long received = Inputs.NOW - rnd.nextInt(60_000);
            locations.put(id, new CachedLocation(at.lat(), at.lon(), received - rnd.nextInt(300), received));
            (isNear ? nearList : farList).add(id);
            (isNear ? nearAt : farAt).add(at);
        }
        view.reset(Inputs.HOME, profiles, locations, Inputs.NOW);
        farIds = farList.toArray(String[]::new);
        farLat = farAt.stream().mapToDouble(GeoPoint::lat).toArray();
        farLon = farAt.stream().mapToDouble(GeoPoint::lon).toArray();
        nearIds = nearList.toArray(String[]::new);
        nearLat = nearAt.stream().mapToDouble(GeoPoint::lat).toArray();
        nearLon = nearAt.stream().mapToDouble(GeoPoint::lon).toArray();
        path = new GeoPoint[PATH];
        for (int k = 0; k < PATH; k++) {
            path[k] = Inputs.around(rnd, Inputs.HOME, 0, 300);
        }
        clock = Inputs.NOW;
        // the cases measure what they claim
        if (view.page(0, 1000).total() != nearIds.length) {
            throw new IllegalStateException("expected " + nearIds.length + " visible friends, got " + view.page(0, 1000).total());
        }
        for (GeoPoint to : path) {
            if (!view.ownMoved(to, Inputs.NOW).isEmpty()) {
                throw new IllegalStateException("a move of the user to " + to + " changed a friend's visibility");
            }
        }
    }

    @Benchmark
    public List<ServerMessage> movedHiddenFar() {
        int k = far;
        far = k + 1 == farIds.length ? 0 : k + 1;
        long now = ++clock;
        return view.moved(farIds[k], new CachedLocation(farLat[k], farLon[k], now - 80, now), now);
    }

    @Benchmark
    public List<ServerMessage> movedVisibleNear() {
        int k = near;
        near = k + 1 == nearIds.length ? 0 : k + 1;
        long now = ++clock;
        return view.moved(nearIds[k], new CachedLocation(nearLat[k], nearLon[k], now - 80, now), now);
    }

    @Benchmark
    public List<ServerMessage> ownMoved() {
        GeoPoint to = path[step++ & (PATH - 1)];
        return view.ownMoved(to, Inputs.NOW); // every friend stays active: their updates are < 60 s old
    }
}
