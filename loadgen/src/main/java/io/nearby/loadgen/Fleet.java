package io.nearby.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nearby.geo.GeoPoint;

/**
 * The simulated users' WebSockets: opens them (bounded concurrency, over a few shared {@link HttpClient}s), sends each
 * {@code init}, then moves every user with period P ± jitter and sends its {@code location}.
 *
 * <p>The schedule is open-loop: each user's next update is due at its previous due time + P·(1 ± jitter), whatever
 * happened to the previous send, so a slow server cannot slow the offered load down (no coordinated omission); how
 * late the generator itself ran against the schedule is recorded as "schedule lag". {@link #startMoving} /
 * {@link #stopMoving} may be repeated with other periods (the sweep's steps).
 *
 * <p>Every send tells the {@link LoadCounters} how many deliveries it should produce: the sender's friends within
 * the radius ({@link SocialGraph#nearFriendsOf}) whose sockets were open when the moving started.
 *
 * <p>Against the stack floor ({@code floor} true) each socket connects to {@code /ws?u=<index>} (the floor has no
 * users: the index names the connection in its forwarding plan) and every message carries the sender's {@code id},
 * which the floor forwards unchanged to the receivers.
 */
final class Fleet implements AutoCloseable {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final List<HttpClient> clients;
    /** The /ws URI of each server; user u connects to {@code wsUris[placement[u]]}. */
    private final URI[] wsUris;
    private final int[] placement;
    private final boolean floor;
    private final Tokens tokens;
    private final SocialGraph graph;
    private final RunIds ids;
    private final SendLog sendLog;
    private final LoadCounters counters;
    private final Walker walker;
    private final UserSocket[] sockets;
    private final GeoPoint[] positions;
    private final int[] expected;
    private volatile boolean moving;
    private long connectNanos;
    private volatile ScheduledExecutorService scheduler;

    /**
     * @param clients   the HttpClients the sockets are spread over (user u on client u mod n)
     * @param serverUrl the server's (or the floor's) http URL; the sockets connect to its {@code /ws}
     * @param floor     true for the stack floor: {@code /ws?u=<index>}, the sender's id in every message
     */
    Fleet(List<HttpClient> clients, URI serverUrl, boolean floor, Tokens tokens, SocialGraph graph, RunIds ids,
          LoadCounters counters) {
        this(clients, List.of(serverUrl), null, floor, tokens, graph, ids, counters);
    }

    /**
     * Users spread over several servers (the multi-node run): user u connects to {@code serverUrls[placement[u]]},
     * and a delivery between users on different servers is also a cross-server latency sample.
     *
     * @param placement user → index into {@code serverUrls}; null = everyone on the first
     */
    Fleet(List<HttpClient> clients, List<URI> serverUrls, int[] placement, boolean floor, Tokens tokens,
          SocialGraph graph, RunIds ids, LoadCounters counters) {
        this.clients = List.copyOf(clients);
        this.wsUris = serverUrls.stream()
                .map(u -> URI.create(u.toString().replaceFirst("^http", "ws").replaceAll("/+$", "") + "/ws"))
                .toArray(URI[]::new);
        this.placement = placement == null ? null : placement.clone();
        this.floor = floor;
        this.tokens = tokens;
        this.graph = graph;
        this.ids = ids;
        this.counters = counters;
        this.sendLog = new SendLog(graph.size(), 16);
        this.expected = new int[graph.size()];
        this.walker = new Walker(graph.radiusMeters());
        this.sockets = new UserSocket[graph.size()];
        this.positions = new GeoPoint[graph.size()];
        for (int u = 0; u < positions.length; u++) {
            positions[u] = graph.home(u);
        }
    }

    /**
     * Opens the WebSockets of users [from, to) and sends each its {@code init}; returns once every one has its
     * {@code nearby} page or failed (failures are counted as errors "connect" / "init").
     *
     * @return how many are open and initialised
     */
    int connect(int from, int to, int concurrency) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return connectAll(from, to, concurrency);
        } finally {
            connectNanos += System.nanoTime() - start;
        }
    }

    /** Time spent in {@link #connect} so far. */
    double connectSeconds() {
        return connectNanos / 1e9;
    }

    private int connectAll(int from, int to, int concurrency) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger ok = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int u = from; u < to; u++) {
            permits.acquire();
            UserSocket socket = new UserSocket(u, ids, sendLog, counters, floor, placement);
            URI wsUri = wsUris[placement == null ? 0 : placement[u]];
            sockets[u] = socket;
            int user = u;
            CompletableFuture<?> f = clients.get(u % clients.size()).newWebSocketBuilder()
                    .header("Authorization", "Bearer " + tokens.of(user))
                    .connectTimeout(STEP_TIMEOUT)
                    .buildAsync(floor ? URI.create(wsUri + "?u=" + user) : wsUri, socket)
                    .thenCompose(ws -> {
                        socket.send(locationJson("init", user, positions[user], System.nanoTime(), null));
                        return socket.initialised();
                    })
                    .orTimeout(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .whenComplete((r, e) -> {
                        permits.release();
                        if (e == null) {
                            ok.incrementAndGet();
                        } else {
                            counters.error(socket.isOpen() ? "init-failed" : "connect-failed");
                        }
                    });
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return ok.get();
    }

    /** Starts moving every open user: first update at a random point of the first period. */
    void startMoving(Duration period, double jitter, long seed) {
        for (int u = 0; u < sockets.length; u++) {
            int n = 0;
            for (int f : graph.nearFriendsOf(u)) {
                if (sockets[f] != null && sockets[f].isOpen()) {
                    n++;
                }
            }
            expected[u] = n;
        }
        stopMoving();
        ScheduledExecutorService run = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "bench-mover");
            t.setDaemon(true);
            return t;
        });
        scheduler = run;
        moving = true;
        long periodNanos = period.toNanos();
        Random rnd = new Random(seed);
        long start = System.nanoTime();
        for (int u = 0; u < sockets.length; u++) {
            if (sockets[u] != null && sockets[u].isOpen()) {
                long due = start + (long) (rnd.nextDouble() * periodNanos);
                schedule(run, u, due, periodNanos, jitter, new Random(seed * 31 + u));
            }
        }
    }

    /** Each user's chain of moves stays on the scheduler it started on: a stopped one ends the chain. */
    private void schedule(ScheduledExecutorService run, int user, long dueNanos, long periodNanos, double jitter, Random rnd) {
        long delay = Math.max(0, dueNanos - System.nanoTime());
        try {
            run.schedule(() -> move(run, user, dueNanos, periodNanos, jitter, rnd), delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stopMoving: the chain ends here
        }
    }

    private void move(ScheduledExecutorService run, int user, long dueNanos, long periodNanos, double jitter, Random rnd) {
        if (!moving || run != scheduler || run.isShutdown() || !sockets[user].isOpen()) {
            return;
        }
        counters.scheduleLagNanos(System.nanoTime() - dueNanos);
        positions[user] = walker.next(graph.home(user), positions[user], rnd);
        Object window = counters.windowTag();
        long sendNanos = System.nanoTime();
        sockets[user].send(locationJson("location", user, positions[user], sendNanos, window));
        counters.sent(window, expected[user]);
        long next = dueNanos + (long) (periodNanos * (1 + jitter * (2 * rnd.nextDouble() - 1)));
        schedule(run, user, next, periodNanos, jitter, rnd);
    }

    /** One update as JSON, its ts fresh from the send log (which also notes the send time and the window). */
    private String locationJson(String type, int user, GeoPoint at, long sendNanos, Object window) {
        long ts = sendLog.record(user, System.currentTimeMillis(), sendNanos, window);
        String id = floor ? ",\"id\":\"" + ids.id(user) + "\"" : "";
        return "{\"type\":\"" + type + "\",\"lat\":" + at.lat() + ",\"lon\":" + at.lon() + ",\"ts\":" + ts + id + "}";
    }

    /** Stops every user's moves; a move already running finishes its send. */
    void stopMoving() {
        moving = false;
        ScheduledExecutorService run = scheduler;
        if (run != null) {
            run.shutdownNow();
        }
    }

    /** Closes every socket (normal closure), aborting those that do not finish within a few seconds. */
    @Override
    public void close() {
        stopMoving();
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (UserSocket s : sockets) {
            if (s != null) {
                closing.add(s.close());
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // fall through: abort whatever is left
        }
        for (UserSocket s : sockets) {
            if (s != null) {
                s.abort();
            }
        }
    }
}
