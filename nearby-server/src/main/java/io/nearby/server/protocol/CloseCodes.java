package io.nearby.server.protocol;

/** The WebSocket close codes this server uses, and when. */
public final class CloseCodes {
    /** The server is draining (SIGTERM); reconnect to another server with jittered backoff. */
    public static final int GOING_AWAY = 1001;
    /** Policy violation: repeated bad input or flooding after errors were sent, or no {@code init} in time. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message larger than {@link ClientMessageParser#MAX_MESSAGE_CHARS}. */
    public static final int TOO_BIG = 1009;
    /**
     * A newer connection of the same user replaced this one ({@code NEARBY_WS_MAX_PER_USER} reached): do not reconnect
     * automatically, the user is connected elsewhere.
     */
    public static final int REPLACED = 4000;
    /** The token's {@code exp} passed without an {@code auth} message with a fresh token: reconnect with a new token. */
    public static final int TOKEN_EXPIRED = 4001;

    private CloseCodes() {
    }
}
