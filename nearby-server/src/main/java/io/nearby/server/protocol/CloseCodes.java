package io.nearby.server.protocol;

/** The WebSocket close codes this server uses, and when. */
public final class CloseCodes {
    /** The server is draining (SIGTERM); reconnect to another server with jittered backoff. */
    public static final int GOING_AWAY = 1001;
    /** Policy violation: repeated bad input or flooding after errors were sent. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message larger than {@link ClientMessageParser#MAX_MESSAGE_CHARS}. */
    public static final int TOO_BIG = 1009;

    private CloseCodes() {
    }
}
