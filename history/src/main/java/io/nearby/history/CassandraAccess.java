package io.nearby.history;

import io.nearby.credentials.Redaction;
import io.nearby.credentials.TlsTrust;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the history store authenticates to Cassandra and whether it speaks TLS to it: a Cassandra role
 * ({@code NEARBY_CASSANDRA_USER}, {@code NEARBY_CASSANDRA_PASSWORD}; the nodes run {@code PasswordAuthenticator}),
 * and client encryption ({@code NEARBY_CASSANDRA_TLS}) trusting the CA file {@code NEARBY_CASSANDRA_TLS_CA_FILE} or
 * the JDK's default CAs. With TLS the driver also checks each node's certificate against the node's address. {@link
 * #toString} never shows the password.
 *
 * @param user role name; present exactly when {@code password} is
 * @param password its password
 * @param tls client-to-node encryption
 * @param caFile PEM CA certificates the nodes' certificates chain to (only with {@code tls})
 */
public record CassandraAccess(Optional<String> user, Optional<String> password, boolean tls, Optional<Path> caFile) {
    /** No authentication, plain connections. */
    public static final CassandraAccess NONE = new CassandraAccess(Optional.empty(), Optional.empty(), false,
            Optional.empty());

    /** @throws IllegalArgumentException naming the variable when the combination makes no sense */
    public CassandraAccess {
        if (user.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(user.isPresent()
                    ? "NEARBY_CASSANDRA_PASSWORD: required with NEARBY_CASSANDRA_USER"
                    : "NEARBY_CASSANDRA_USER: required with NEARBY_CASSANDRA_PASSWORD");
        }
        if (caFile.isPresent() && !tls) {
            throw new IllegalArgumentException("NEARBY_CASSANDRA_TLS_CA_FILE: set, but NEARBY_CASSANDRA_TLS is false");
        }
    }

    /** The TLS trust to use, when {@link #tls}. */
    TlsTrust trust() {
        return TlsTrust.of(caFile);
    }

    @Override
    public String toString() {
        return "cassandra user " + user.map(u -> u + " (password " + Redaction.MASK + ")").orElse("none")
                + (tls ? ", TLS" + caFile.map(f -> " (CA file " + f + ")").orElse("") : "");
    }
}
