package io.nearby.server.session;

import java.time.Duration;
import java.util.List;
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
    private final Set<NearbySession> sessions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("nearby-session-tick").daemon().factory());
    private final Counter opened;
    private volatile boolean accepting = true;

    public SessionRegistry(SessionServices services, MeterRegistry meters) {
        this.services = services;
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
                    if (sessions.remove(session)) {
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
     * by the drain, never missed by both.
     */
    Optional<NearbySession> open(String userId, Outbound out) {
        NearbySession session = new NearbySession(userId, out, services);
        opened.increment();
        sessions.add(session);
        if (!accepting) {
            sessions.remove(session);
            session.release();
            return Optional.empty();
        }
        return Optional.of(session);
    }

    void closed(NearbySession session) {
        session.release();
        sessions.remove(session);
    }

    public int size() {
        return sessions.size();
    }

    /** Stops accepting, then closes every session with 1001 over {@code window}; returns when all are closed. */
    public void drain(Duration window) {
        accepting = false;
        List<NearbySession> open = List.copyOf(sessions);
        LOG.log(System.Logger.Level.INFO, "draining " + open.size() + " WebSocket sessions over " + window);
        long pauseNanos = open.isEmpty() ? 0 : window.toNanos() / open.size();
        for (NearbySession session : open) {
            session.closeWith(CloseCodes.GOING_AWAY, "server is draining; reconnect");
            sessions.remove(session);
            if (pauseNanos > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(pauseNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
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
