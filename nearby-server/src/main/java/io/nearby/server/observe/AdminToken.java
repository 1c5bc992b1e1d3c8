package io.nearby.server.observe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The operator's bearer token ({@code NEARBY_ADMIN_TOKEN}) that opens the detailed health report. Compared in constant
 * time: both sides are hashed (SHA-256) first, so neither the content nor the length of the token shows in the time a
 * wrong guess takes. Never printed: {@link #toString} says only whether one is configured.
 */
public final class AdminToken {
    private static final String BEARER = "bearer ";
    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /** No token: the detailed report is not served at all. */
    public static AdminToken none() {
        return new AdminToken(null);
    }

    public static AdminToken of(Optional<String> token) {
        return token.map(t -> new AdminToken(sha256(t))).orElseGet(AdminToken::none);
    }

    public boolean configured() {
        return digest != null;
    }

    /** Whether an {@code Authorization} header value is {@code Bearer <this token>}; false when none is configured. */
    public boolean authorizes(Optional<String> authorization) {
        if (digest == null || authorization.isEmpty()) {
            return false;
        }
        String value = authorization.get();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(value.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return digest == null ? "no admin token" : "admin token (set)";
    }
}
