package io.nearby.server.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The product meters of WebSocket sessions (connections are a gauge on the registry of sessions). */
public final class SessionMeters {
    final Counter updates;
    final Counter deliveries;
    final Counter rejected;
    final Timer endToEnd;
    private final MeterRegistry registry;

    public SessionMeters(MeterRegistry registry) {
        this.registry = registry;
        this.updates = Counter.builder("nearby.location.updates").description("accepted location updates (init + location)").register(registry);
        this.deliveries = Counter.builder("nearby.fanout.deliveries").description("friend_location messages sent to clients").register(registry);
        this.rejected = Counter.builder("nearby.ws.rejected").description("client messages answered with an error").register(registry);
        this.endToEnd = Timer.builder("nearby.fanout.latency")
                .description("from the sender's server accepting an update to a friend's server sending it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** A location update refused for a rule of the product (not for its form): {@code implausible}, {@code stale}. */
    void locationRefused(String reason) {
        Counter.builder("nearby.location.refused").tag("reason", reason)
                .description("location updates refused by the plausibility rules").register(registry).increment();
    }

    /** The server closed a connection: replaced, init_timeout, token_expired, slow_client, policy, too_big, draining. */
    void closed(String reason) {
        Counter.builder("nearby.ws.closed").tag("reason", reason)
                .description("WebSocket connections closed by the server, by reason").register(registry).increment();
    }

    void delivered(long acceptedAtMillis, long nowMillis) {
        deliveries.increment();
        endToEnd.record(Math.max(0, nowMillis - acceptedAtMillis), TimeUnit.MILLISECONDS);
    }
}
