package io.nearby.server.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearby.server.protocol.CloseCodes;

/**
 * The sessions of this server: opens and forgets them (also those whose connection vanished without the WebSocket
 * layer noticing), ticks them once a second (inactivity), and drains
 * them on shutdown — closing with 1001 spread evenly over the drain window so that reconnecting clients do
 * not stampede the other servers.
 */
public final class SessionRegistry implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionRegistry.class.getName());

    private final SessionServices services;
    /** How often the drain closes its next batch of sessions. */
    static final Duration DRAIN_STEP = Duration.ofMillis(100);

    private final Set<NearbySession> sessions = ConcurrentHashMap.newKeySet();
    /** Each user's open sessions, oldest first (guarded by itself). */
    private final Map<String, Deque<NearbySession>> byUser = new HashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("nearby-session-tick").daemon().factory());
    private final Counter opened;
    private final MeterRegistry meters;
    private volatile boolean accepting = true;

    public SessionRegistry(SessionServices services, MeterRegistry meters) {
        this.services = services;
        this.meters = meters;
        Gauge.builder("nearby.ws.connections", sessions, Set::size).description("open WebSocket sessions").register(meters);
        this.opened = Counter.builder("nearby.ws.opened").description("WebSocket sessions opened, since start").register(meters);
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Once a second: forget sessions whose connection is gone unreported; tick those with something due (a friend
     * to expire, a ping to send, a silent connection to drop). An idle session costs a few volatile reads here.
     */
    private void tick() {
        long nowMillis = services.clock().millis();
        long nowNanos = System.nanoTime();
        for (NearbySession session : sessions) {
            try {
                if (session.connectionLost()) {
                    // released off this thread: a session's lock may be held by a blocked send, and one stuck session
                    // must not delay the ticks (and releases) of all the others
                    if (forget(session)) {
                        services.async().execute(session::release);
                    }
                } else if (session.tickDue(nowMillis, nowNanos)) {
                    session.tick();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "session tick failed; the others go on: " + e);
            }
        }
        services.deliveries().signal(); // frames queued behind a worker stuck on a client that does not read
    }

    /**
     * A new session, or empty when the server is draining. Registered before the flag is read, while {@link #drain}
     * clears the flag before it takes its snapshot: a session opened concurrently is either refused here or closed
     * by the drain, never missed by both. A user over {@code NEARBY_WS_MAX_PER_USER} connections: the newest wins,
     * the oldest is closed with 4000 (replaced).
     */
    Optional<NearbySession> open(String userId, Outbound out) {
        NearbySession session = new NearbySession(userId, out, services);
        opened.increment();
        sessions.add(session);
        if (!accepting) {
            forget(session);
            session.release();
            return Optional.empty();
        }
        NearbySession replaced = null;
        synchronized (byUser) {
            Deque<NearbySession> mine = byUser.computeIfAbsent(userId, u -> new ArrayDeque<>());
            mine.addLast(session);
            if (mine.size() > services.limits().maxPerUser()) {
                replaced = mine.pollFirst();
            }
        }
        if (replaced != null) {
            services.meters().closed("replaced");
            NearbySession oldest = replaced;
            services.async().execute(() -> oldest.closeWith(CloseCodes.REPLACED, "replaced by a newer connection of the same user"));
        }
        return Optional.of(session);
    }

    void closed(NearbySession session) {
        session.release();
        forget(session);
    }

    private boolean forget(NearbySession session) {
        synchronized (byUser) {
            Deque<NearbySession> mine = byUser.get(session.userId());
            if (mine != null && mine.remove(session) && mine.isEmpty()) {
                byUser.remove(session.userId());
            }
        }
        return sessions.remove(session);
    }

    public int size() {
        return sessions.size();
    }

    /** Whether a new WebSocket may be opened now: not draining, and under {@code NEARBY_MAX_CONNECTIONS}. */
    public Admission admission(int maxConnections) {
        if (!accepting) {
            return Admission.DRAINING;
        }
        return sessions.size() >= maxConnections ? Admission.FULL : Admission.OK;
    }

    public enum Admission { OK, FULL, DRAINING }

    /** An upgrade was refused before it happened ({@link WsAdmission}). */
    void refused(String reason) {
        Counter.builder("nearby.ws.refused").tag("reason", reason)
                .description("WebSocket upgrades refused with 503 (full, draining)").register(meters).increment();
    }

    /**
     * Stops accepting, then closes every session with 1001 in batches (at most one every {@link #DRAIN_STEP}) spread evenly over
     * {@code window}, so that reconnecting clients do not all arrive at the other servers in the same instant; returns
     * once every closing handshake is written or, for clients that do not read, a second after the window.
     */
    public void drain(Duration window) {
        accepting = false;
        List<NearbySession> open = List.copyOf(sessions);
        LOG.log(System.Logger.Level.INFO, "draining " + open.size() + " WebSocket sessions over " + window);
        long steps = Math.max(1, window.toNanos() / DRAIN_STEP.toNanos());
        int perStep = (int) Math.max(1, (open.size() + steps - 1) / steps);
        long batches = Math.max(1, (open.size() + perStep - 1) / perStep);
        long spacing = window.toNanos() / batches; // fewer sessions than steps: one at a time, evenly over the window
        long start = System.nanoTime();
        for (int i = 0; i < open.size(); i++) {
            if (i > 0 && i % perStep == 0) {
                long due = start + (i / perStep) * spacing;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            NearbySession session = open.get(i);
            services.meters().closed("draining");
            session.closeWith(CloseCodes.GOING_AWAY, "server is draining; reconnect");
            forget(session);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (open.stream().anyMatch(NearbySession::closing) && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        sessions.forEach(NearbySession::release);
        sessions.clear();
    }
}
