package io.nearby.server.session;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nearby.friends.FriendGraph;
import io.nearby.friends.FriendLists;
import io.nearby.friends.FriendshipStatus;
import io.nearby.friends.UserDirectory;
import io.nearby.friends.UserProfile;
import io.nearby.geo.CellTiers;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.LocationValidator;
import io.nearby.geo.Radius;
import io.nearby.history.LocationHistory;
import io.nearby.ring.pubsub.PubSub;
import io.nearby.server.config.WsLimits;
import io.nearby.server.fanout.ChannelEvent;
import io.nearby.server.fanout.Fanout;
import io.nearby.server.fanout.LiveFriendshipEvents;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.location.LocationStore;
import io.nearby.server.protocol.ClientMessageParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One session through its seams: frames out through {@link Outbound}, channels through a {@link PubSub} that records
 * publishes and lets the test deliver messages as the Pub/Sub reader would, the cache and the user DB in memory.
 */
class NearbySessionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeoPoint HOME = new GeoPoint(48.8566, 2.3522);
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Records subscriptions and publishes; confirms at once. */
    private static final class RecordingPubSub implements PubSub {
        final Set<String> subscribed = ConcurrentHashMap.newKeySet();
        final List<String> published = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> subscribe(Collection<String> channels) {
            subscribed.addAll(channels);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void unsubscribe(Collection<String> channels) {
            subscribed.removeAll(channels);
        }

        @Override
        public boolean publish(String channel, String message) {
            published.add(channel + " " + message);
            return true;
        }

        @Override
        public int subscribedChannelCount() {
            return subscribed.size();
        }

        @Override
        public void close() {
        }
    }

    private static final class MemoryStore implements LocationStore {
        final Map<String, CachedLocation> entries = new ConcurrentHashMap<>();

        @Override
        public void put(String userId, CachedLocation location) {
            entries.put(userId, location);
        }

        @Override
        public CachedLocation get(String userId) {
            return entries.get(userId);
        }

        @Override
        public Map<String, CachedLocation> getAll(Collection<String> userIds) {
            Map<String, CachedLocation> found = new HashMap<>();
            userIds.forEach(id -> {
                if (entries.containsKey(id)) {
                    found.put(id, entries.get(id));
                }
            });
            return found;
        }

        @Override
        public boolean remove(String userId) {
            entries.remove(userId);
            return true;
        }
    }

    private static final class Users implements UserDirectory, FriendGraph {
        final Map<String, UserProfile> profiles = new ConcurrentHashMap<>();
        final Map<String, Set<String>> friends = new ConcurrentHashMap<>();

        void add(String id) {
            profiles.put(id, new UserProfile(id, id.toUpperCase(), "", true, false));
        }

        void befriend(String a, String b) {
            friends.computeIfAbsent(a, k -> ConcurrentHashMap.newKeySet()).add(b);
            friends.computeIfAbsent(b, k -> ConcurrentHashMap.newKeySet()).add(a);
        }

        @Override
        public Optional<UserProfile> find(String userId) {
            return Optional.ofNullable(profiles.get(userId));
        }

        @Override
        public Map<String, UserProfile> findAll(Collection<String> userIds) {
            Map<String, UserProfile> found = new HashMap<>();
            userIds.forEach(id -> find(id).ifPresent(p -> found.put(id, p)));
            return found;
        }

        @Override
        public UserProfile upsertProfile(String userId, String name, String avatarUrl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<UserProfile> setSharing(String userId, boolean enabled) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<UserProfile> setDiscoverable(String userId, boolean enabled) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FriendshipStatus add(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(String a, String b) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> friendsOf(String userId) {
            return new HashSet<>(friends.getOrDefault(userId, Set.of()));
        }

        @Override
        public boolean areFriends(String a, String b) {
            return friends.getOrDefault(a, Set.of()).contains(b);
        }

        @Override
        public FriendLists lists(String userId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<UserProfile> pauseSharing(String userId, long untilMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<UserProfile> setAlertMeters(String userId, int meters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean setVisible(String owner, String viewer, boolean visible) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hides(String owner, String viewer) {
            return false;
        }

        @Override
        public Set<String> hiddenFrom(String viewer) {
            return Set.of();
        }
    }

    private final RecordingPubSub pubSub = new RecordingPubSub();
    private final MemoryStore store = new MemoryStore();
    private final Users users = new Users();
    private final DeliveryWorkers deliveries = new DeliveryWorkers();
    private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();
    private final Fanout fanout = new Fanout(sink -> pubSub, deliveries::signal);
    private final Clock clock = Clock.systemUTC();
    private final Radius radius = Radius.ofMiles(5);
    private final SessionServices services = new SessionServices(radius, new CellTiers(radius), Duration.ofMinutes(10),
            20, io.nearby.server.config.CadenceRules.OFF, new WsLimits(1_000, 1_000, 1_000, 1_000, 100, Duration.ofSeconds(25), 5,
                    Duration.ofSeconds(10), 256, Duration.ofSeconds(10), 64), new LocationValidator(clock),
            new io.nearby.geo.Plausibility(1200), new io.nearby.api.TokenVerifier("unit-test-secret-0123456789abcdef-xyz".getBytes(), clock),
            new ClientMessageParser(), users, users, store, fanout, new LiveFriendshipEvents(fanout, store, new CellTiers(radius)),
            LocationHistory.NONE, clock, async, deliveries, new SharedProfiles(), new SessionMeters(new SimpleMeterRegistry()));

    @AfterEach
    void stop() {
        deliveries.close();
        async.shutdownNow();
    }

    private static String fix(String type, GeoPoint p) {
        return fixAt(type, p, System.currentTimeMillis());
    }

    private static String fixAt(String type, GeoPoint p, long ts) {
        return "{\"type\":\"" + type + "\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + ",\"ts\":" + ts + "}";
    }

    /** {@link #services} with the cadence at its defaults (P 30 s, longest 300 s, alert interval 10 s). */
    private SessionServices withCadence() {
        return new SessionServices(services.radius(), services.cellTiers(), services.inactiveAfter(),
                services.pageSize(), io.nearby.server.config.CadenceRules.defaults(services.inactiveAfter()),
                services.limits(), services.validator(), services.plausibility(), services.tokens(), services.parser(),
                services.users(), services.friends(), services.cache(), services.fanout(), services.events(),
                services.history(), services.clock(), services.async(), services.deliveries(), services.profiles(),
                services.meters());
    }

    /** The seconds of the cadence messages written so far. */
    private static List<Integer> cadences(OutboxTest.RecordingOutbound out) {
        return frames(out).stream().filter(n -> n.path("type").asText().equals("cadence"))
                .map(n -> n.path("seconds").asInt()).toList();
    }

    private static List<JsonNode> frames(OutboxTest.RecordingOutbound out) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String f : out.frames) {
            try {
                nodes.add(JSON.readTree(f));
            } catch (Exception e) {
                nodes.add(JSON.createObjectNode().put("type", f));
            }
        }
        return nodes;
    }

    private static List<String> types(OutboxTest.RecordingOutbound out) {
        return frames(out).stream().map(n -> n.path("type").asText()).toList();
    }

    /** What the Pub/Sub reader does with a message on a channel. */
    private void deliver(String channel, ChannelEvent event) {
        fanout.onMessage(channel, event.encode());
    }

    private NearbySession session(String user, OutboxTest.RecordingOutbound out) {
        return new NearbySession(user, out, services);
    }

    @Test
    void initSubscribesAnswersPageZeroWithTheCachedFriendsThenSharesItsOwnPosition() {
        users.add("alice");
        users.add("bob");
        users.add("carol");
        users.befriend("alice", "bob");
        users.befriend("alice", "carol");
        long now = clock.millis();
        GeoPoint bobAt = GreatCircle.destination(HOME, 0, 1_000);
        store.put("bob", new CachedLocation(bobAt.lat(), bobAt.lon(), now - 5, now - 5));
        store.put("carol", new CachedLocation(HOME.lat() + 1, HOME.lon(), now, now)); // ~111 km away
        OutboxTest.RecordingOutbound out = new OutboxTest.RecordingOutbound();
        NearbySession alice = session("alice", out);

        alice.onText(fix("init", HOME));

        assertThat(pubSub.subscribed).contains("u:bob", "u:carol", "c:alice");
        JsonNode page = frames(out).getFirst();
        assertThat(page.path("type").asText()).isEqualTo("nearby");
        assertThat(page.path("total").asInt()).isEqualTo(1);
        assertThat(page.path("friends").get(0).path("id").asText()).isEqualTo("bob");
        assertThat(page.path("friends").get(0).path("distanceMeters").asDouble()).isCloseTo(1_000, org.assertj.core.data.Offset.offset(1.0));
        assertThat(store.get("alice")).as("cached").isNotNull();
        assertThat(pubSub.published).singleElement().asString().startsWith("u:alice L|alice|");
    }

    @Test
    void theCadenceFollowsPageZeroAndIsNeverSentWhenOff() {
        users.add("alice");
        users.add("carol");
        users.befriend("alice", "carol");
        long now = clock.millis();
        store.put("carol", new CachedLocation(HOME.lat() + 1, HOME.lon(), now, now)); // ~111 km: beyond any reach
        OutboxTest.RecordingOutbound off = new OutboxTest.RecordingOutbound();
        session("alice", off).onText(fix("init", HOME));
        assertThat(types(off)).containsExactly("nearby");

        OutboxTest.RecordingOutbound told = new OutboxTest.RecordingOutbound();
        NearbySession alice = new NearbySession("alice", told, withCadence());
        alice.onText(fix("init", HOME));
        assertThat(types(told)).containsExactly("nearby", "cadence");
        assertThat(frames(told).get(1).path("seconds").asInt()).as("nobody within reach: the longest").isEqualTo(300);
        alice.onText(fix("location", HOME));
        assertThat(types(told)).as("unchanged: not told again").containsExactly("nearby", "cadence");
    }

    @Test
    void aMovingUserIsAskedForTheAlertIntervalAtOnceWhenAFriendComesWithinTheAlertZone() {
        users.profiles.put("alice", new UserProfile("alice", "ALICE", "", true, false, null, 500));
        users.add("bob");
        users.befriend("alice", "bob");
        OutboxTest.RecordingOutbound out = new OutboxTest.RecordingOutbound();
        NearbySession alice = new NearbySession("alice", out, withCadence());
        long t = clock.millis();
        GeoPoint aliceAt = GreatCircle.destination(HOME, 90, 100);
        alice.onText(fixAt("init", HOME, t - 20_000));
        alice.onText(fixAt("location", aliceAt, t - 10_000)); // 100 m in 10 s: moving
        await().atMost(WAIT).until(() -> cadences(out).equals(List.of(300)));
        long now = clock.millis();
        GeoPoint far = GreatCircle.destination(aliceAt, 0, 2_000);
        deliver("u:bob", new ChannelEvent.Moved("bob", new CachedLocation(far.lat(), far.lon(), now, now)));
        await("bob within the radius, beyond the alert zone: the normal period").atMost(WAIT)
                .until(() -> cadences(out).equals(List.of(300, 30)));
        GeoPoint near = GreatCircle.destination(aliceAt, 0, 400);
        deliver("u:bob", new ChannelEvent.Moved("bob", new CachedLocation(near.lat(), near.lon(), now + 1, now + 1)));
        await("bob within 1.2 × 500 m while alice moves: the alert interval at once").atMost(WAIT)
                .until(() -> cadences(out).equals(List.of(300, 30, 10)));
        assertThat(types(out)).contains("friend_nearby");

        alice.onText(fixAt("location", aliceAt, t)); // the same place 10 s later: not moving
        await("alice stopped: the normal period").atMost(WAIT).until(() -> cadences(out).equals(List.of(300, 30, 10, 30)));
        deliver("u:bob", new ChannelEvent.Moved("bob", new CachedLocation(near.lat(), near.lon(), now + 2, now + 2)));
        alice.onText("{\"type\":\"ping\"}"); // behind bob's update (applied on this thread: the session is free)
        await().atMost(WAIT).until(() -> types(out).contains("pong"));
        assertThat(cadences(out)).as("bob's own move does not ask alice, who stands, for more").hasSize(4);
    }

    @Test
    void aFriendsNewAlertDistanceCountsForTheAlertZoneOfTheUsersSession() {
        users.add("alice");
        users.add("bob");
        users.befriend("alice", "bob");
        long t = clock.millis();
        GeoPoint bobAt = GreatCircle.destination(HOME, 0, 300);
        store.put("bob", new CachedLocation(bobAt.lat(), bobAt.lon(), t, t));
        OutboxTest.RecordingOutbound out = new OutboxTest.RecordingOutbound();
        NearbySession alice = new NearbySession("alice", out, withCadence());
        alice.onText(fixAt("init", HOME, t - 5_000));
        alice.onText(fixAt("location", GreatCircle.destination(HOME, 90, 20), t - 4_999));
        await().atMost(WAIT).until(() -> cadences(out).equals(List.of(30)));

        deliver("u:bob", new ChannelEvent.AlertChanged("bob", 500)); // on bob's user channel: his friends' sessions
        java.util.concurrent.atomic.AtomicInteger step = new java.util.concurrent.atomic.AtomicInteger();
        await("alice, moving 300 m from bob, who now wants alerts at 500 m: the alert interval").atMost(WAIT).until(() -> {
            int i = step.incrementAndGet();
            alice.onText(fixAt("location", GreatCircle.destination(HOME, 90, i % 2 == 0 ? 20 : -20), t - 4_999 + i));
            return cadences(out).contains(10);
        });
    }

    @Test
    void friendsUpdatesFromTheReaderAreFilteredByDistanceAndWrittenByAWorker() {
        users.add("alice");
        users.add("bob");
        users.befriend("alice", "bob");
        OutboxTest.RecordingOutbound out = new OutboxTest.RecordingOutbound();
        NearbySession alice = session("alice", out);
        alice.onText(fix("init", HOME));
        long now = clock.millis();

        GeoPoint far = GreatCircle.destination(HOME, 90, 20_000);
        deliver("u:bob", new ChannelEvent.Moved("bob", new CachedLocation(far.lat(), far.lon(), now, now)));
        GeoPoint near = GreatCircle.destination(HOME, 90, 2_000);
        deliver("u:bob", new ChannelEvent.Moved("bob", new CachedLocation(near.lat(), near.lon(), now + 1, now + 1)));
        await("bob's update written by a delivery worker").atMost(WAIT).until(() -> types(out).contains("friend_location"));
        deliver("u:bob", new ChannelEvent.Moved("bob", new CachedLocation(far.lat(), far.lon(), now + 2, now + 2)));
        await().atMost(WAIT).until(() -> types(out).contains("friend_gone"));

        assertThat(types(out)).containsExactly("nearby", "friend_location", "friend_gone");
        JsonNode location = frames(out).get(1);
        assertThat(location.path("id").asText()).isEqualTo("bob");
        assertThat(location.path("distanceMeters").asDouble()).isCloseTo(2_000, org.assertj.core.data.Offset.offset(2.0));
        assertThat(frames(out).get(2).path("reason").asText()).isEqualTo("out_of_range");
    }

    @Test
    void aBadMessageIsAnsweredWithAnErrorAndNothingIsSharedOrStored() {
        users.add("alice");
        OutboxTest.RecordingOutbound out = new OutboxTest.RecordingOutbound();
        NearbySession alice = session("alice", out);
        alice.onText("{\"type\":\"location\",\"lat\":1,\"lon\":2,\"ts\":3}");
        alice.onText("{\"type\":\"init\",\"lat\":\"north\",\"lon\":2,\"ts\":3}");
        alice.onText("not json");
        assertThat(frames(out)).extracting(n -> n.path("code").asText()).containsExactly("not_initialized", "bad_request", "bad_request");
        assertThat(pubSub.published).isEmpty();
        assertThat(store.entries).isEmpty();
    }

    /** A client that stops reading blocks only the worker writing to it: the reader returns at once, others are served. */
    @Test
    void aClientThatDoesNotReadNeverStallsTheReaderOrAnotherSession() throws Exception {
        users.add("alice");
        users.add("dave");
        users.add("bob");
        users.befriend("alice", "bob");
        users.befriend("dave", "bob");
        OutboxTest.RecordingOutbound stuckOut = new OutboxTest.RecordingOutbound();
        OutboxTest.RecordingOutbound fineOut = new OutboxTest.RecordingOutbound();
        session("alice", stuckOut).onText(fix("init", HOME));
        session("dave", fineOut).onText(fix("init", HOME));
        stuckOut.gate = new CountDownLatch(1); // alice's client stops reading from here on

        long now = clock.millis();
        long slowest = 0;
        for (int i = 1; i <= 200; i++) {
            GeoPoint p = GreatCircle.destination(HOME, 0, 100 + i);
            long before = System.nanoTime();
            deliver("u:bob", new ChannelEvent.Moved("bob", new CachedLocation(p.lat(), p.lon(), now + i, now + i)));
            slowest = Math.max(slowest, System.nanoTime() - before);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("the reader never waits for a socket").isLessThan(1_000);
        await("dave gets bob's latest position").atMost(WAIT).until(() -> {
            List<JsonNode> f = frames(fineOut);
            return !f.isEmpty() && f.getLast().path("ts").asLong() == now + 200;
        });
        stuckOut.gate.countDown();
        await("alice's client, once it reads again, gets bob's latest position").atMost(WAIT).until(() -> {
            List<JsonNode> f = frames(stuckOut);
            return !f.isEmpty() && f.getLast().path("ts").asLong() == now + 200;
        });
        assertThat(frames(stuckOut).size()).as("positions that waited were replaced by newer ones, not queued").isLessThan(50);
    }
}
