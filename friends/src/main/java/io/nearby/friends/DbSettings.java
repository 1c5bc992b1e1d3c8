package io.nearby.friends;

import java.util.Optional;

import io.nearby.credentials.Redaction;

/**
 * Where the user DB is and how many connections it may use.
 *
 * @param jdbcUrl     JDBC URL: PostgreSQL ({@code jdbc:postgresql://...}) in production, H2 embedded by default
 * @param user        DB user, if the URL does not carry it
 * @param password    DB password
 * @param maxPoolSize upper bound of the connection pool (>= 1): DB connections never grow with users
 */
public record DbSettings(String jdbcUrl, Optional<String> user, Optional<String> password, int maxPoolSize) {
    /** The embedded default: an H2 file under ./data, created on first use. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/nearby";
    /** Default bound of the connection pool. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    /** Options that make H2 speak the PostgreSQL dialect with lower-case identifiers, like PostgreSQL itself. */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";LOCK_TIMEOUT=10000";

    public DbSettings {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + Redaction.redact(jdbcUrl));
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be >= 1");
        }
    }

    /** {@code jdbcUrl} with the default pool size. */
    public static DbSettings of(String jdbcUrl, Optional<String> user, Optional<String> password) {
        return new DbSettings(jdbcUrl, user, password, DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * The URL actually opened: for H2, {@link #H2_OPTIONS} are added unless the URL sets {@code MODE} itself, and an
     * in-memory DB is kept while the JVM lives ({@code DB_CLOSE_DELAY=-1}) so that pool connection turnover cannot
     * drop it. Other URLs are used as given.
     */
    public String effectiveUrl() {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return jdbcUrl;
        }
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        StringBuilder url = new StringBuilder(jdbcUrl);
        if (!upper.contains(";MODE=")) {
            url.append(H2_OPTIONS);
        }
        if (upper.startsWith("JDBC:H2:MEM:") && !upper.contains(";DB_CLOSE_DELAY=")) {
            url.append(";DB_CLOSE_DELAY=-1");
        }
        return url.toString();
    }

    /** The URL redacted, no password: a record's own toString would print both. */
    @Override
    public String toString() {
        return "DbSettings[" + Redaction.redact(jdbcUrl) + ", user " + user.orElse("(none)") + ", password "
                + (password.isPresent() ? Redaction.MASK : "(none)") + ", pool " + maxPoolSize + "]";
    }
}
