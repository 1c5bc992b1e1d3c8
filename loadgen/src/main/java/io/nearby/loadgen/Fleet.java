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
 * The simulated users' WebSockets: opens them (bounded concurrency, one shared {@link HttpClient}), sends each
 * {@code init}, then moves every user with period P ± jitter and sends its {@code location}.
 *
 * <p>The schedule is open-loop: each user's next update is due at its previous due time + P·(1 ± jitter), whatever
 * happened to the previous send, so a slow server cannot slow the offered load down (no coordinated omission); how
 * late the generator itself ran against the schedule is recorded as "schedule lag".
 */
final class Fleet implements AutoCloseable {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI wsUri;
    private final Tokens tokens;
    private final SocialGraph graph;
    private final RunIds ids;
    private final SendLog sendLog;
    private final LoadCounters counters;
    private final Walker walker;
    private final UserSocket[] sockets;
    private final GeoPoint[] positions;
    private volatile boolean moving;
    private long connectNanos;
    private ScheduledExecutorService scheduler;

    Fleet(HttpClient http, URI serverUrl, Tokens tokens, SocialGraph graph, RunIds ids, LoadCounters counters) {
        this.http = http;
        this.wsUri = URI.create(serverUrl.toString().replaceFirst("^http", "ws").replaceAll("/+$", "") + "/ws");
        this.tokens = tokens;
        this.graph = graph;
        this.ids = ids;
        this.counters = counters;
        this.sendLog = new SendLog(graph.size(), 8);
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
            UserSocket socket = new UserSocket(u, ids, sendLog, counters);
            sockets[u] = socket;
            int user = u;
            CompletableFuture<?> f = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + tokens.of(user))
                    .connectTimeout(STEP_TIMEOUT)
                    .buildAsync(wsUri, socket)
                    .thenCompose(ws -> {
                        socket.send(locationJson("init", user, positions[user]));
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

    int openCount() {
        int n = 0;
        for (UserSocket s : sockets) {
            if (s != null && s.isOpen()) {
                n++;
            }
        }
        return n;
    }

    /** Starts moving every open user: first update at a random point of the first period. */
    void startMoving(Duration period, double jitter, long seed) {
        moving = true;
        scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "bench-mover");
            t.setDaemon(true);
            return t;
        });
        long periodNanos = period.toNanos();
        Random rnd = new Random(seed);
        long start = System.nanoTime();
        for (int u = 0; u < sockets.length; u++) {
            if (sockets[u] != null && sockets[u].isOpen()) {
                long due = start + (long) (rnd.nextDouble() * periodNanos);
                schedule(u, due, periodNanos, jitter, new Random(seed * 31 + u));
            }
        }
    }

    private void schedule(int user, long dueNanos, long periodNanos, double jitter, Random rnd) {
        long delay = Math.max(0, dueNanos - System.nanoTime());
        scheduler.schedule(() -> move(user, dueNanos, periodNanos, jitter, rnd), delay, TimeUnit.NANOSECONDS);
    }

    private void move(int user, long dueNanos, long periodNanos, double jitter, Random rnd) {
        if (!moving || !sockets[user].isOpen()) {
            return;
        }
        counters.scheduleLagNanos(System.nanoTime() - dueNanos);
        positions[user] = walker.next(graph.home(user), positions[user], rnd);
        sockets[user].send(locationJson("location", user, positions[user]));
        counters.sent.increment();
        long next = dueNanos + (long) (periodNanos * (1 + jitter * (2 * rnd.nextDouble() - 1)));
        schedule(user, next, periodNanos, jitter, rnd);
    }

    /** One update as JSON, its ts fresh from the send log (which also notes the send time). */
    private String locationJson(String type, int user, GeoPoint at) {
        long ts = sendLog.record(user, System.currentTimeMillis(), System.nanoTime());
        return "{\"type\":\"" + type + "\",\"lat\":" + at.lat() + ",\"lon\":" + at.lon() + ",\"ts\":" + ts + "}";
    }

    void stopMoving() {
        moving = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
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
