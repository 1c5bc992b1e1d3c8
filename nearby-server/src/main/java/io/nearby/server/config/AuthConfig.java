package io.nearby.server.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Token verification. Production has no default secret: without NEARBY_JWT_SECRET the server refuses to start.
 *
 * @param jwtSecret HS256 key from NEARBY_JWT_SECRET (at least 32 bytes); a fixed dev secret only in dev mode
 * @param devMode   NEARBY_DEV_MODE [false]: enables POST /api/dev/token, the built-in dev secret and the demo crowd
 *                  ({@link DemoConfig})
 * @param adminToken NEARBY_ADMIN_TOKEN [unset]: the operator's bearer token for {@code GET /health/details} (at least
 *                   32 characters); unset, the detailed health report is not served at all
 */
public record AuthConfig(byte[] jwtSecret, boolean devMode, Optional<String> adminToken) {
    /** Known to everyone, hence only ever used in dev mode. */
    public static final String DEV_SECRET = "nearby-dev-secret-do-not-use-in-production-0123456789";
    static final int MIN_SECRET_BYTES = 32;
    static final int MIN_ADMIN_TOKEN_CHARS = 32;

    static AuthConfig from(Env env) {
        boolean dev = env.bool("NEARBY_DEV_MODE", false);
        String secret = env.string("NEARBY_JWT_SECRET")
                .orElseGet(() -> {
                    if (!dev) {
                        throw new ConfigException("NEARBY_JWT_SECRET", "required (HS256 secret, at least "
                                + MIN_SECRET_BYTES + " bytes) unless NEARBY_DEV_MODE=true");
                    }
                    return DEV_SECRET;
                });
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new ConfigException("NEARBY_JWT_SECRET", "too short for HS256: " + bytes.length
                    + " bytes, need at least " + MIN_SECRET_BYTES);
        }
        Optional<String> admin = env.string("NEARBY_ADMIN_TOKEN");
        if (admin.isPresent() && (admin.get().length() < MIN_ADMIN_TOKEN_CHARS || admin.get().chars().anyMatch(c -> c <= ' '))) {
            // the value itself is never repeated
            throw new ConfigException("NEARBY_ADMIN_TOKEN", "expected at least " + MIN_ADMIN_TOKEN_CHARS
                    + " characters without spaces (e.g. openssl rand -hex 32), got " + admin.get().length());
        }
        return new AuthConfig(bytes, dev, admin);
    }

    /** No secret in the output (a record's own toString would print the admin token). */
    @Override
    public String toString() {
        return "AuthConfig[jwtSecret " + jwtSecret.length + " bytes, devMode " + devMode + ", admin token "
                + (adminToken.isPresent() ? "set" : "unset") + "]";
    }
}
