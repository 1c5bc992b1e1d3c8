package io.nearby.server.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Closes connections that do not send a complete request head (request line and headers) within
 * {@code NEARBY_HTTP_HEADER_SECONDS} of opening — slowloris, or a client that connected and went away — which would
 * otherwise hold a thread, a buffer and a file descriptor each until Helidon's idle timeout. Helidon has one idle
 * timeout for every connection, and a WebSocket that is quiet between pings must not trip it; so the HTTP/1 connections
 * are wrapped ({@link #selector}) to be watched from their start, and the first request whose head arrived
 * ({@link #filter}, the first filter of the routing) takes its connection off the watch. Every second the connections
 * over the deadline are closed; each is counted ({@code nearby_http_header_timeouts_total}) and one line per minute at
 * most says how many, instead of a stack trace per connection.
 */
public final class RequestHeadDeadline implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RequestHeadDeadline.class.getName());
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private record Watched(ServerConnection connection, long openedNanos) {
    }

    private final long timeoutNanos;
    private final Duration timeout;
    private final Map<String, Watched> waiting = new ConcurrentHashMap<>();
    private final Set<String> closedByUs = ConcurrentHashMap.newKeySet();
    private final Counter timeouts;
    private final AtomicLong sinceLastLog = new AtomicLong();
    private long lastLogNanos = System.nanoTime() - LOG_EVERY_NANOS;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("nearby-request-head-deadline").daemon().factory());

    public RequestHeadDeadline(Duration timeout, MeterRegistry meters) {
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.timeouts = Counter.builder("nearby.http.header.timeouts")
                .description("connections closed for not sending a complete request head in time").register(meters);
        watchdog.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The HTTP/1 selector of the listener (Helidon's own, built with the listener's protocols so that the WebSocket
     * upgrade is there), its connections watched. Helidon uses custom selectors before the discovered ones.
     */
    public ServerConnectionSelector selector(String socketName, List<ProtocolConfig> protocols) {
        ServerConnectionSelector http1 = new Http1ConnectionProvider()
                .create(socketName, Http1Config.create(), ProtocolConfigs.create(protocols));
        return new ServerConnectionSelector() {
            @Override
            public int bytesToIdentifyConnection() {
                return http1.bytesToIdentifyConnection();
            }

            @Override
            public Support supports(BufferData data) {
                return http1.supports(data);
            }

            @Override
            public Set<String> supportedApplicationProtocols() {
                return http1.supportedApplicationProtocols();
            }

            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                return new WatchedConnection(ctx.childSocketId(), http1.connection(ctx));
            }
        };
    }

    /** The first filter: this connection's request head is complete, it is not watched any more. */
    public Filter filter() {
        return (FilterChain chain, RoutingRequest req, RoutingResponse res) -> {
            waiting.remove(req.socketId());
            chain.proceed();
        };
    }

    /** Connections waiting for their first request head now (for tests and metrics). */
    public int waiting() {
        return waiting.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        int closed = 0;
        for (Map.Entry<String, Watched> e : waiting.entrySet()) {
            if (now - e.getValue().openedNanos() > timeoutNanos && waiting.remove(e.getKey(), e.getValue())) {
                closedByUs.add(e.getKey());
                try {
                    e.getValue().connection().close(true);
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.DEBUG, "closing a connection without a request head failed: " + ex);
                }
                closed++;
            }
        }
        if (closed > 0) {
            timeouts.increment(closed);
            long total = sinceLastLog.addAndGet(closed);
            if (now - lastLogNanos >= LOG_EVERY_NANOS) {
                lastLogNanos = now;
                sinceLastLog.set(0);
                LOG.log(System.Logger.Level.WARNING, total + " connection(s) closed in the last minute for not sending a"
                        + " complete request head within " + timeout.toSeconds() + " s (NEARBY_HTTP_HEADER_SECONDS;"
                        + " slow or stalled clients, or a slowloris attempt); counted in nearby_http_header_timeouts_total");
            }
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** Helidon's HTTP/1 connection, on the watch list from its start until its first request head. */
    private final class WatchedConnection implements ServerConnection, InterruptableTask<Void> {
        private final String id;
        private final ServerConnection delegate;

        WatchedConnection(String id, ServerConnection delegate) {
            this.id = id;
            this.delegate = delegate;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            waiting.put(id, new Watched(delegate, System.nanoTime()));
            try {
                delegate.handle(limit);
            } catch (RuntimeException e) {
                if (!closedByUs.contains(id)) {
                    throw e;
                }
                // closed by the deadline: already counted and logged, no stack trace per connection
            } finally {
                waiting.remove(id);
                closedByUs.remove(id);
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}
