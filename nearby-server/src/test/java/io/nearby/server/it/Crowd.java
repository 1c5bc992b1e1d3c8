package io.nearby.server.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;

/**
 * Simulated users on real WebSockets that behave as a well-written mobile client does: connect, {@code init}, walk
 * (a {@code location} every period ± 20 %), and when the connection ends for any reason — a 1001 from a draining
 * server, a crash, a refused upgrade — reconnect after a <b>full-jitter exponential backoff</b> (attempt n waits a
 * uniformly random time in [0, min(cap, base·2^n)]; n starts at 0 after each success) and {@code init} again at the
 * current position. Each attempt goes to the next server in the list after the one the previous attempt went to
 * (client-side failover: the server that just closed the connection or refused it is tried last); a draining server
 * answers 503 and a dead one refuses the connection, and the client simply tries the next one after its backoff.
 *
 * <p>Everything a test asserts on is recorded per user: the close codes received, when the user was live (its
 * {@code init} answered) again after each loss, the refusals, and per friend the longest gap between two sightings of
 * that friend's position (a {@code friend_location}, or the friend's entry on a {@code nearby} page).
 *
 * <p>Threads: the sockets' events run on their HttpClient's selector thread (two clients); backoff timers and moves on
 * two scheduler threads. Nothing a callback does blocks.
 */
final class Crowd implements AutoCloseable {
    static final Duration BACKOFF_BASE = Duration.ofMillis(500);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(5);
    /** A server that accepted the upgrade but has not answered init after this long is given up on: abort, retry. */
    static final Duration INIT_ANSWER_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<HttpClient> clients = List.of(client(), client());
    private final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(2, r -> {
        Thread t = new Thread(r, "crowd-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<ServerJvm> servers;
    private final Function<String, String> tokens;
    private final List<User> users = new ArrayList<>();
    private final Map<String, User> byId = new HashMap<>();
    private final java.util.concurrent.atomic.LongAdder friendLocations = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean closing;
    private volatile boolean moving;
    private volatile long measuringSinceNanos = -1;

    /** @param servers where reconnects go (each attempt to the next one after the previous attempt's) */
    Crowd(List<ServerJvm> servers, Function<String, String> tokens) {
        this.servers = List.copyOf(servers);
        this.tokens = tokens;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Runnable::run).build();
    }

    /** A user living around {@code home} (they walk within 150 m of it) with these mutual friends. */
    User add(String id, GeoPoint home, Set<String> friends) {
        User u = new User(id, tokens.apply(id), home, Set.copyOf(friends), clients.get(users.size() % clients.size()));
        users.add(u);
        byId.put(id, u);
        return u;
    }

    List<User> users() {
        return Collections.unmodifiableList(users);
    }

    User user(String id) {
        return byId.get(id);
    }

    /**
     * Connects every user in {@code some} to {@code server} (at most {@code concurrency} handshakes at once) and waits
     * until each one's init is answered.
     */
    void connectAll(List<User> some, ServerJvm server, int concurrency, Duration atMost) throws InterruptedException {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(concurrency);
        for (User u : some) {
            permits.acquire();
            u.connectTo(server).whenComplete((r, e) -> permits.release());
        }
        awaitLive(some, atMost);
    }

    /** Waits until every user in {@code some} is live (init answered); fails naming how many are not. */
    void awaitLive(List<User> some, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (some.stream().allMatch(User::live)) {
                return;
            }
            Thread.sleep(20);
        }
        List<User> notLive = some.stream().filter(u -> !u.live()).toList();
        throw new AssertionError(notLive.size() + " of " + some.size() + " users not live within " + atMost + ", e.g. "
                + notLive.stream().limit(3).map(User::describe).toList());
    }

    /** Every user sends a {@code location} every {@code period} ± 20 % while live, first at a random point of the first period. */
    void startMoving(Duration period) {
        moving = true;
        for (User u : users) {
            long first = ThreadLocalRandom.current().nextLong(period.toNanos());
            timer.schedule(() -> u.moveLoop(period), first, TimeUnit.NANOSECONDS);
        }
    }

    void stopMoving() {
        moving = false;
    }

    /** From now on, gaps between sightings of each friend are measured (every friend counts as just seen). */
    void startMeasuringGaps() {
        long now = System.nanoTime();
        for (User u : users) {
            u.resetSightings(now);
        }
        measuringSinceNanos = now;
    }

    /** The longest gap between sightings over every (user, friend) pair since {@link #startMeasuringGaps}, up to now. */
    Gap longestGap() {
        long now = System.nanoTime();
        Gap worst = new Gap(null, null, 0);
        for (User u : users) {
            Gap g = u.longestGap(now);
            if (g.nanos() > worst.nanos()) {
                worst = g;
            }
        }
        return worst;
    }

    /** Every user's gaps (one per friend), for percentiles. */
    List<Long> allGapsNanos() {
        long now = System.nanoTime();
        List<Long> all = new ArrayList<>();
        for (User u : users) {
            u.friends.forEach(f -> all.add(u.gapTo(f, now)));
        }
        return all;
    }

    /** How many times each close code was received, over every user (-1: the connection broke without a close frame). */
    Map<Integer, Integer> closeCodes() {
        Map<Integer, Integer> codes = new LinkedHashMap<>();
        for (User u : users) {
            synchronized (u.closes) {
                u.closes.forEach(c -> codes.merge(c.code(), 1, Integer::sum));
            }
        }
        return codes;
    }

    /** {@code friend_location} messages received by every user so far. */
    long friendLocations() {
        return friendLocations.sum();
    }

    long refused503() {
        return users.stream().mapToLong(u -> u.refused503.get()).sum();
    }

    long connectFailures() {
        return users.stream().mapToLong(u -> u.connectFailures.get()).sum();
    }

    long initTimeouts() {
        return users.stream().mapToLong(u -> u.initTimeouts.get()).sum();
    }

    /** Stops reconnecting; closes every socket (1000) and drops it. */
    @Override
    public void close() {
        closing = true;
        moving = false;
        List<CompletableFuture<?>> closes = new ArrayList<>();
        for (User u : users) {
            closes.add(u.closeQuietly());
        }
        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        users.forEach(User::abort);
        timer.shutdownNow();
    }

    record Close(int code, long atNanos) {
    }

    record Gap(String user, String friend, long nanos) {
        Duration duration() {
            return Duration.ofNanos(nanos);
        }
    }

    /** One simulated user: its connection (one at a time), its position, and what it saw. */
    final class User {
        final String id;
        final String token;
        final GeoPoint home;
        final Set<String> friends;
        private final HttpClient http;
        final List<Close> closes = Collections.synchronizedList(new ArrayList<>());
        /** System.nanoTime() of each moment the user became live (init answered). */
        final List<Long> liveAt = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger refused503 = new AtomicInteger();
        final AtomicInteger connectFailures = new AtomicInteger();
        final AtomicInteger initTimeouts = new AtomicInteger();
        /** Per friend: the latest real sighting (System.nanoTime()). */
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        /** Per friend: the latest sighting for the gap measurement (every friend counts as seen when it starts). */
        private final Map<String, Long> lastSighting = new ConcurrentHashMap<>();
        private final Map<String, Long> maxGap = new ConcurrentHashMap<>();
        private final AtomicLong lastTs = new AtomicLong();
        private volatile GeoPoint position;
        private volatile Connection current;
        private final AtomicInteger attempt = new AtomicInteger();

        User(String id, String token, GeoPoint home, Set<String> friends, HttpClient http) {
            this.id = id;
            this.token = token;
            this.home = home;
            this.friends = friends;
            this.http = http;
            this.position = home;
        }

        boolean live() {
            Connection c = current;
            return c != null && c.live;
        }

        /** The server the live connection is on, or null. */
        ServerJvm server() {
            Connection c = current;
            return c != null && c.live ? c.server : null;
        }

        /** When this user was first live at or after {@code nanos}, or -1. */
        long liveAgainAfter(long nanos) {
            synchronized (liveAt) {
                return liveAt.stream().filter(t -> t >= nanos).findFirst().orElse(-1L);
            }
        }

        String describe() {
            Connection c = current;
            return id + "[" + (c == null ? "no connection" : (c.live ? "live" : "connecting") + " on " + c.server.name())
                    + ", closes " + closes + ", 503s " + refused503 + ", connect failures " + connectFailures + "]";
        }

        /** A fresh {@code ts}, never below the previous one (the server refuses older updates as stale). */
        private long ts() {
            return lastTs.updateAndGet(prev -> Math.max(prev, System.currentTimeMillis()));
        }

        private String fix(String type) {
            GeoPoint p = position;
            return "{\"type\":\"" + type + "\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + ",\"ts\":" + ts() + "}";
        }

        /** One connection attempt to {@code server}; completes when it is open (or failed, then a retry is scheduled). */
        CompletableFuture<?> connectTo(ServerJvm server) {
            Connection c = new Connection(server);
            current = c;
            return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(server.ws(token), c)
                    .handle((ws, error) -> {
                        if (error != null) {
                            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                            if (cause instanceof WebSocketHandshakeException h && h.getResponse().statusCode() == 503) {
                                refused503.incrementAndGet();
                            } else {
                                connectFailures.incrementAndGet();
                            }
                            c.lost(null);
                            return null;
                        }
                        c.opened(ws);
                        return null;
                    });
        }

        private void reconnectLater() {
            if (closing) {
                return;
            }
            long ceiling = Math.min(BACKOFF_CAP.toNanos(), BACKOFF_BASE.toNanos() << Math.min(attempt.getAndIncrement(), 20));
            long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
            timer.schedule(() -> {
                if (!closing) {
                    Connection previous = current;
                    int was = previous == null ? -1 : servers.indexOf(previous.server);
                    connectTo(servers.get((was + 1) % servers.size()));
                }
            }, delay, TimeUnit.NANOSECONDS);
        }

        private void moveLoop(Duration period) {
            if (!moving || closing) {
                return;
            }
            Connection c = current;
            if (c != null && c.live) {
                GeoPoint next = GreatCircle.destination(position, ThreadLocalRandom.current().nextDouble(360), 5 + ThreadLocalRandom.current().nextDouble(10));
                position = GreatCircle.meters(home, next) > 150 ? home : next;
                c.send(fix("location"));
            }
            long next = (long) (period.toNanos() * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
            timer.schedule(() -> moveLoop(period), next, TimeUnit.NANOSECONDS);
        }

        private void sighted(String friend, long now) {
            if (!friends.contains(friend)) {
                return;
            }
            seen.put(friend, now);
            Long prev = lastSighting.put(friend, now);
            if (measuringSinceNanos >= 0 && prev != null) {
                maxGap.merge(friend, now - prev, Math::max);
            }
        }

        private void resetSightings(long now) {
            friends.forEach(f -> lastSighting.put(f, now));
            maxGap.clear();
        }

        /** System.nanoTime() of the latest sighting of {@code friend}'s position, or -1. */
        long lastSighting(String friend) {
            return seen.getOrDefault(friend, -1L);
        }

        long gapTo(String friend, long now) {
            long open = now - lastSighting.getOrDefault(friend, measuringSinceNanos);
            return Math.max(open, maxGap.getOrDefault(friend, 0L));
        }

        private Gap longestGap(long now) {
            Gap worst = new Gap(id, null, 0);
            for (String f : friends) {
                long g = gapTo(f, now);
                if (g > worst.nanos()) {
                    worst = new Gap(id, f, g);
                }
            }
            return worst;
        }

        private CompletableFuture<?> closeQuietly() {
            Connection c = current;
            if (c == null || c.ws == null || c.ws.isOutputClosed()) {
                return CompletableFuture.completedFuture(null);
            }
            return c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "test over").exceptionally(e -> null);
        }

        private void abort() {
            Connection c = current;
            if (c != null && c.ws != null) {
                c.ws.abort();
            }
        }

        /** One WebSocket connection of the user, from the attempt to its loss. */
        private final class Connection implements WebSocket.Listener {
            final ServerJvm server;
            volatile WebSocket ws;
            volatile boolean live;
            private boolean lost;
            private final StringBuilder partial = new StringBuilder();
            private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

            Connection(ServerJvm server) {
                this.server = server;
            }

            void opened(WebSocket socket) {
                ws = socket;
                send(fix("init"));
                timer.schedule(() -> {
                    if (!live && !isLost()) {
                        initTimeouts.incrementAndGet();
                        socket.abort();
                        lost(null);
                    }
                }, INIT_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }

            synchronized void send(String text) {
                WebSocket socket = ws;
                if (socket == null) {
                    return;
                }
                sending = sending.handle((r, e) -> null).thenCompose(x -> socket.sendText(text, true)).exceptionally(e -> null);
            }

            private synchronized boolean isLost() {
                return lost;
            }

            /** The connection ended: with a close code, or (null) broken or never made. Reconnects, once. */
            void lost(Close close) {
                synchronized (this) {
                    if (lost) {
                        return;
                    }
                    lost = true;
                }
                live = false;
                if (closing) {
                    return;
                }
                if (close != null) {
                    closes.add(close);
                }
                reconnectLater();
            }

            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    received(text);
                }
                webSocket.request(1);
                return null;
            }

            private void received(String text) {
                long now = System.nanoTime();
                JsonNode m;
                try {
                    m = JSON.readTree(text);
                } catch (Exception e) {
                    return;
                }
                switch (m.path("type").asText()) {
                    case "nearby" -> {
                        if (!live) {
                            live = true;
                            attempt.set(0);
                            liveAt.add(now);
                        }
                        for (JsonNode f : m.path("friends")) {
                            sighted(f.path("id").asText(), now);
                        }
                    }
                    case "friend_location" -> {
                        friendLocations.increment();
                        sighted(m.path("id").asText(), now);
                    }
                    default -> {
                    }
                }
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                lost(new Close(statusCode, System.nanoTime()));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                lost(new Close(-1, System.nanoTime()));
            }
        }
    }
}
