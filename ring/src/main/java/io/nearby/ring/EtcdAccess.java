package io.nearby.ring;

import io.nearby.credentials.Redaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How this process authenticates to etcd and whom it trusts there: an etcd user ({@code NEARBY_ETCD_USER},
 * {@code NEARBY_ETCD_PASSWORD}; jetcd exchanges them for a token and renews it), and for {@code https://} endpoints the
 * CA that etcd's certificate must chain to ({@code NEARBY_ETCD_TLS_CA_FILE}; the JDK's default CAs without it). The
 * same for the servers and for {@code ./nearby ring}. {@link #toString} never shows the password.
 *
 * @param user etcd user (with auth enabled, a user whose role may read, write and watch the ring key)
 * @param password its password; present exactly when {@code user} is
 * @param caFile PEM CA certificates for {@code https://} endpoints
 */
public record EtcdAccess(Optional<String> user, Optional<String> password, Optional<Path> caFile) {
    /** No authentication, default trust. */
    public static final EtcdAccess NONE = new EtcdAccess(Optional.empty(), Optional.empty(), Optional.empty());

    /** @throws IllegalArgumentException naming the variable when only one of user and password is given */
    public EtcdAccess {
        if (user.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(user.isPresent()
                    ? "NEARBY_ETCD_PASSWORD: required with NEARBY_ETCD_USER"
                    : "NEARBY_ETCD_USER: required with NEARBY_ETCD_PASSWORD");
        }
        caFile.ifPresent(file -> {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("NEARBY_ETCD_TLS_CA_FILE: cannot read " + file);
            }
        });
    }

    /** From {@code NEARBY_ETCD_USER}, {@code NEARBY_ETCD_PASSWORD}, {@code NEARBY_ETCD_TLS_CA_FILE} (blank = unset). */
    public static EtcdAccess fromEnvironment(Map<String, String> env) {
        return new EtcdAccess(value(env, "NEARBY_ETCD_USER"), value(env, "NEARBY_ETCD_PASSWORD"),
                value(env, "NEARBY_ETCD_TLS_CA_FILE").map(Path::of));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    @Override
    public String toString() {
        return "etcd user " + user.map(u -> u + " (password " + Redaction.MASK + ")").orElse("none")
                + caFile.map(f -> ", CA file " + f).orElse("");
    }
}
