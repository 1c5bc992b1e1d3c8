package io.nearby.api;

/** Outcome of {@link TokenVerifier#verify(String)}: the caller's id, or why the token was refused. */
public sealed interface Verification {
    /**
     * The token is valid; {@code userId} is its {@code sub}, a valid user id; {@code expiresAt} its {@code exp} (a
     * WebSocket session is closed then unless the client sends a fresh token).
     */
    record Verified(String userId, java.time.Instant expiresAt) implements Verification {
    }

    /** The token is refused; {@code reason} is safe to show to the client (it never echoes the token). */
    record Rejected(String reason) implements Verification {
    }
}
