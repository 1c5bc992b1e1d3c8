package io.nearby.ring;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.nearby.credentials.Redaction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.List;

/**
 * How a server or the operator command talks to etcd about the ring. {@link #defaults} gives the values below;
 * tests shorten them with the {@code with…} methods.
 *
 * @param endpoints {@code NEARBY_ETCD_ENDPOINTS}: {@code http://host:port}, or all {@code https://host:port} (TLS), at
 *     least one; no credentials in them ({@code access} has those)
 * @param key {@code NEARBY_RING_KEY} [{@value #DEFAULT_KEY}]
 * @param connectTimeout [2 s] TCP/HTTP2 connect to an endpoint
 * @param requestTimeout [2 s] one read or transaction; also bounds jetcd's own retries of it
 * @param startTimeout [15 s] a server keeps trying to read the ring at start this long, then refuses to start
 * @param pollInterval [5 s] a running server re-reads the key this often: detects an unreachable etcd for health
 *     and metrics, and catches anything a broken watch missed
 * @param retryStart [200 ms] first delay before re-reading and re-watching after a watch error, doubling with jitter
 * @param retryCap [5 s] longest such delay
 * @param access [none] user, password and TLS trust ({@link EtcdAccess})
 */
public record EtcdSettings(List<String> endpoints, String key, Duration connectTimeout, Duration requestTimeout,
        Duration startTimeout, Duration pollInterval, Duration retryStart, Duration retryCap, EtcdAccess access) {
    public static final String DEFAULT_KEY = "/nearby/pubsub-ring";

    public EtcdSettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("NEARBY_ETCD_ENDPOINTS: at least one etcd endpoint is needed");
        }
        for (String endpoint : endpoints) {
            URI uri;
            try {
                uri = URI.create(endpoint.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("NEARBY_ETCD_ENDPOINTS: not a URL: '" + Redaction.redact(endpoint) + "'");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("NEARBY_ETCD_ENDPOINTS: expected http://host:port (https:// for TLS),"
                        + " got '" + Redaction.redact(endpoint) + "'");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("NEARBY_ETCD_ENDPOINTS: no credentials in an endpoint (host "
                        + uri.getHost() + "): set NEARBY_ETCD_USER and NEARBY_ETCD_PASSWORD");
            }
        }
        if (endpoints.stream().map(e -> e.trim().startsWith("https:")).distinct().count() > 1) {
            throw new IllegalArgumentException("NEARBY_ETCD_ENDPOINTS: all http:// or all https://, not both: "
                    + endpoints);
        }
        if (access == null) {
            access = EtcdAccess.NONE;
        }
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("NEARBY_RING_KEY must not be empty");
        }
        if (requestTimeout.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("the etcd request timeout must be at least 200 ms, got " + requestTimeout);
        }
    }

    public static EtcdSettings defaults(List<String> endpoints, String key) {
        return new EtcdSettings(endpoints, key == null || key.isBlank() ? DEFAULT_KEY : key, Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMillis(200),
                Duration.ofSeconds(5), EtcdAccess.NONE);
    }

    /** These settings with credentials and TLS trust. */
    public EtcdSettings withAccess(EtcdAccess etcdAccess) {
        return new EtcdSettings(endpoints, key, connectTimeout, requestTimeout, startTimeout, pollInterval, retryStart,
                retryCap, etcdAccess);
    }

    /** The endpoints are {@code https://}: the client speaks TLS. */
    public boolean tls() {
        return endpoints.getFirst().trim().startsWith("https:");
    }

    public EtcdSettings withPollInterval(Duration interval) {
        return new EtcdSettings(endpoints, key, connectTimeout, requestTimeout, startTimeout, interval, retryStart,
                retryCap, access);
    }

    public EtcdSettings withTimeouts(Duration request, Duration start) {
        return new EtcdSettings(endpoints, key, connectTimeout, request, start, pollInterval, retryStart, retryCap,
                access);
    }

    /**
     * A jetcd client for these endpoints; the caller closes it. Connects lazily. jetcd retries an unavailable etcd by
     * itself (from 100 ms, doubling to 1 s) for 3/4 of {@code requestTimeout}, so that its retries are over when the
     * caller gives up on the request. Requests fail fast while the connection is down ({@code waitForReady(false)})
     * instead of hanging until the channel is closed. With a user, jetcd authenticates (and re-authenticates when its
     * token expires) before its calls; with {@code https://} endpoints it speaks TLS, trusting {@code access}'s CA
     * file or the JDK's default CAs.
     */
    public Client newClient() {
        ClientBuilder builder = Client.builder()
                .endpoints(endpoints.stream().map(String::trim).toArray(String[]::new))
                .connectTimeout(connectTimeout)
                .waitForReady(false)
                .retryDelay(100)
                .retryMaxDelay(1_000)
                .retryMaxDuration(requestTimeout.multipliedBy(3).dividedBy(4));
        if (access.user().isPresent()) {
            builder.user(ByteSequence.from(access.user().get(), StandardCharsets.UTF_8))
                    .password(ByteSequence.from(access.password().orElseThrow(), StandardCharsets.UTF_8));
        }
        if (tls()) {
            try {
                builder.sslContext(ssl -> access.caFile().ifPresent(ca -> ssl.trustManager(ca.toFile())));
            } catch (SSLException | RuntimeException e) {
                throw new IllegalArgumentException("NEARBY_ETCD_TLS_CA_FILE: cannot build a TLS client from "
                        + access.caFile().map(Object::toString).orElse("the JDK's default CAs") + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }
}
