package io.nearby.history;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the history cluster is and how the driver talks to it.
 *
 * @param contactPoints  NEARBY_CASSANDRA_CONTACT_POINTS: some nodes of the cluster (the driver finds the others)
 * @param keyspace       NEARBY_CASSANDRA_KEYSPACE [nearby], created when missing
 * @param localDc        NEARBY_CASSANDRA_DC [datacenter1]: requests go to this data center's nodes
 * @param replication    NEARBY_CASSANDRA_REPLICATION [SimpleStrategy:1], used when creating the keyspace
 * @param requestTimeout a request not answered within this fails (its points are dropped): short on purpose
 * @param access         user, password and TLS ({@link CassandraAccess}) [none]
 */
public record CassandraSettings(List<InetSocketAddress> contactPoints, String keyspace, String localDc,
                                Replication replication, Duration requestTimeout, CassandraAccess access) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_PORT = 9042;
    private static final Pattern KEYSPACE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

    public CassandraSettings {
        contactPoints = List.copyOf(contactPoints);
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException("at least one contact point is required");
        }
        if (!isKeyspaceName(keyspace)) {
            throw new IllegalArgumentException("keyspace must be a CQL identifier, got '" + keyspace + "'");
        }
        if (access == null) {
            access = CassandraAccess.NONE;
        }
    }

    /** Whether {@code name} is a CQL identifier that can name a keyspace (letters, digits, _; at most 48). */
    public static boolean isKeyspaceName(String name) {
        return KEYSPACE_NAME.matcher(name).matches();
    }

    public static CassandraSettings of(List<InetSocketAddress> contactPoints, String keyspace, String localDc,
                                       Replication replication) {
        return new CassandraSettings(contactPoints, keyspace, localDc, replication, DEFAULT_REQUEST_TIMEOUT,
                CassandraAccess.NONE);
    }

    /** These settings with credentials and TLS. */
    public CassandraSettings withAccess(CassandraAccess cassandraAccess) {
        return new CassandraSettings(contactPoints, keyspace, localDc, replication, requestTimeout, cassandraAccess);
    }

    /**
     * Parses {@code host:port} (or {@code host}, port {@value #DEFAULT_PORT}; IPv6 as {@code [::1]:9042}). Does not
     * resolve the host.
     *
     * @throws IllegalArgumentException with what was expected
     */
    public static InetSocketAddress contactPoint(String text) {
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 < s.length() && s.charAt(close + 1) != ':') {
                throw badContactPoint(text);
            }
            host = s.substring(1, close);
            port = close + 1 < s.length() ? s.substring(close + 2) : null;
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && colon != s.lastIndexOf(':')) {
                throw badContactPoint(text); // a bare IPv6 address needs brackets
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        int p;
        try {
            p = port == null ? DEFAULT_PORT : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw badContactPoint(text);
        }
        if (host.isEmpty() || p < 1 || p > 65535 || !host.matches("[A-Za-z0-9.:_-]+")) {
            throw badContactPoint(text);
        }
        return InetSocketAddress.createUnresolved(host, p);
    }

    private static IllegalArgumentException badContactPoint(String text) {
        return new IllegalArgumentException("expected host:port (IPv6 as [addr]:port), got '" + text + "'");
    }

    /** {@code 127.0.0.1:9042,... keyspace nearby}, plus {@code , TLS} and the user when set; never a password. */
    public String describe() {
        return contactPoints.stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(","))
                + " keyspace " + keyspace + (access.tls() ? ", TLS" : "")
                + access.user().map(u -> ", user " + u).orElse("");
    }

    /** No password in the output (the record's own toString would print it through {@link #access}'s fields). */
    @Override
    public String toString() {
        return "CassandraSettings[" + describe() + ", dc " + localDc + ", " + replication + ", request timeout "
                + requestTimeout + "]";
    }
}
