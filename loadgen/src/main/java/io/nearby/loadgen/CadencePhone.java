package io.nearby.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearby.geo.GeoPoint;

/**
 * One simulated phone of the cadence benchmark: a real WebSocket client that sends {@code init}, then its true
 * position ({@link CadenceWorld}) as {@code location} every normal period — or, when it honours the server-driven
 * cadence, at the interval of the latest {@code {"type":"cadence","seconds":n}}: the next update at most n seconds
 * after receiving it, then every n seconds, as docs/protocol.md asks. What it is told about friends goes to the
 * {@link DetectionLog}; what it sends and is asked for to the {@link CadenceCounters}.
 */
final class CadencePhone implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int user;
    private final boolean honours;
    private final long normalMillis;
    private final CadenceWorld world;
    private final WorldClock clock;
    private final RunIds ids;
    private final DetectionLog detections;
    private final CadenceCounters counters;
    private final ScheduledExecutorService timers;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> initialised = new CompletableFuture<>();
    private volatile WebSocket socket;
    private volatile ScheduledFuture<?> next;
    /** Bumped by each reschedule: a timer of an older generation that fires anyway does nothing. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private final Object sendLock = new Object();
    private volatile long intervalMillis;
    private volatile boolean stopped;

    /** World time: the generator's wall clock since the phase started, times the run's time factor. */
    interface WorldClock {
        double now();
    }

    CadencePhone(int user, boolean honours, Duration normalPeriod, CadenceWorld world, WorldClock clock, RunIds ids,
                 DetectionLog detections, CadenceCounters counters, ScheduledExecutorService timers) {
        this.user = user;
        this.honours = honours;
        this.normalMillis = normalPeriod.toMillis();
        this.intervalMillis = normalMillis;
        this.world = world;
        this.clock = clock;
        this.ids = ids;
        this.detections = detections;
        this.counters = counters;
        this.timers = timers;
    }

    /** Opens the WebSocket, sends {@code init}, completes when page 0 arrived; then updates start. */
    CompletableFuture<Void> connect(HttpClient http, URI wsUri, String token) {
        return http.newWebSocketBuilder().header("Authorization", "Bearer " + token).connectTimeout(Duration.ofSeconds(20))
                .buildAsync(wsUri, this)
                .thenCompose(ws -> {
                    socket = ws;
                    ws.sendText(fix("init"), true).join();
                    return initialised.orTimeout(30, TimeUnit.SECONDS);
                })
                // phones start out of phase; a cadence that came meanwhile has started generation 1, and this timer dies
                .thenRun(() -> schedule(ThreadLocalRandom.current().nextLong(1, normalMillis + 1), 0));
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
            try {
                received(text);
            } catch (Exception e) {
                counters.errors.increment();
            }
        }
        webSocket.request(1);
        return null;
    }

    private void received(String text) throws Exception {
        FrameScan frame = FrameScan.of(text);
        String type = frame == null ? null : frame.type();
        if ("friend_location".equals(type)) {
            detections.shown(user, ids.index(frame.id()), clock.now());
            return;
        }
        if ("friend_gone".equals(type)) {
            detections.gone(user, ids.index(frame.id()));
            return;
        }
        JsonNode m = JSON.readTree(text);
        switch (m.path("type").asText()) {
            case "nearby" -> {
                double now = clock.now();
                for (JsonNode f : m.path("friends")) {
                    detections.shown(user, ids.index(f.path("id").asText()), now);
                }
                initialised.complete(null);
            }
            case "cadence" -> {
                int seconds = m.path("seconds").asInt();
                counters.cadence(seconds);
                if (honours && seconds > 0) {
                    reschedule(seconds * 1000L);
                }
            }
            case "error" -> counters.errors.increment();
            default -> {
            }
        }
    }

    /**
     * A cadence message (on the socket's receive thread, which must never wait for a send: the send may need that
     * thread): a new generation of timers, the first after {@code millis}.
     */
    private void reschedule(long millis) {
        intervalMillis = millis;
        long g = generation.incrementAndGet();
        ScheduledFuture<?> old = next;
        if (old != null) {
            old.cancel(false);
        }
        schedule(millis, g);
    }

    private void schedule(long delayMillis, long g) {
        if (!stopped) {
            next = timers.schedule(() -> tick(g), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends one update, then schedules the next, unless a cadence message started a new generation meanwhile. */
    private void tick(long g) {
        WebSocket ws = socket;
        synchronized (sendLock) { // one send at a time
            if (stopped || ws == null || g != generation.get()) {
                return;
            }
            try {
                ws.sendText(fix("location"), true).get(10, TimeUnit.SECONDS);
                counters.sent(clock.now());
            } catch (Exception e) {
                counters.errors.increment();
            }
        }
        if (g == generation.get()) {
            schedule(intervalMillis, g);
        }
    }

    private String fix(String type) {
        GeoPoint p = world.position(user, clock.now());
        return "{\"type\":\"" + type + "\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + ",\"ts\":" + System.currentTimeMillis() + "}";
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!stopped) {
            counters.closes.increment();
        }
        initialised.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        counters.errors.increment();
        initialised.completeExceptionally(error);
    }

    /** No more updates; the connection closed. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null);
            ws.abort();
        }
    }
}
