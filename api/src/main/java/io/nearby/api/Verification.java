package io.nearby.api;

/** Outcome of {@link TokenVerifier#verify(String)}: the caller's id, or why the token was refused. */
public sealed interface Verification {
    /** The token is valid; {@code userId} is its {@code sub}, a valid user id. */
    record Verified(String userId) implements Verification {
    }

    /** The token is refused; {@code reason} is safe to show to the client (it never echoes the token). */
    record Rejected(String reason) implements Verification {
    }
}
