package io.nearby.server.config;

import java.nio.charset.StandardCharsets;

/**
 * Token verification. Production has no default secret: without NEARBY_JWT_SECRET the server refuses to start.
 *
 * @param jwtSecret HS256 key from NEARBY_JWT_SECRET (at least 32 bytes); a fixed dev secret only in dev mode
 * @param devMode   NEARBY_DEV_MODE [false]: enables POST /api/dev/token, the built-in dev secret and the demo crowd
 *                  ({@link DemoConfig})
 */
public record AuthConfig(byte[] jwtSecret, boolean devMode) {
    /** Known to everyone, hence only ever used in dev mode. */
    public static final String DEV_SECRET = "nearby-dev-secret-do-not-use-in-production-0123456789";
    static final int MIN_SECRET_BYTES = 32;

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
        return new AuthConfig(bytes, dev);
    }
}
