package io.nearby.server.config;

/**
 * Per-connection WebSocket limits (token buckets). The defaults fit a client that sends a location every ~30 s
 * and sometimes pages or pings, with room for bursts after reconnecting.
 *
 * @param messagesPerSecond   NEARBY_WS_MESSAGES_PER_SECOND [20]: all messages, sustained
 * @param messageBurst        NEARBY_WS_MESSAGE_BURST [40]: all messages, burst
 * @param updatesPerSecond    NEARBY_WS_UPDATES_PER_SECOND [2]: {@code init} + {@code location}, sustained
 * @param updateBurst         NEARBY_WS_UPDATE_BURST [10]: {@code init} + {@code location}, burst
 * @param violationsPerMinute NEARBY_WS_VIOLATIONS_PER_MINUTE [20]: rejected messages (bad input, rate limited,
 *                            not a friend, ...) tolerated: a burst of this many, refilled at this rate per minute;
 *                            beyond it the connection is closed with 1008
 * @param pingInterval        NEARBY_WS_PING_SECONDS [25]: the server pings every connection this often; one that
 *                            has sent nothing (not even a pong) for 3 intervals is dropped, which frees the
 *                            sessions of clients that vanished without closing (lost network, killed app)
 */
public record WsLimits(double messagesPerSecond, int messageBurst, double updatesPerSecond, int updateBurst,
                       int violationsPerMinute, java.time.Duration pingInterval) {
    public static final WsLimits DEFAULT = new WsLimits(20, 40, 2, 10, 20, java.time.Duration.ofSeconds(25));

    /** Silence after which a connection counts as dead. */
    public java.time.Duration idleTimeout() {
        return pingInterval.multipliedBy(3);
    }

    static WsLimits from(Env env) {
        return new WsLimits(
                env.decimal("NEARBY_WS_MESSAGES_PER_SECOND", DEFAULT.messagesPerSecond, 0, 10_000),
                env.integer("NEARBY_WS_MESSAGE_BURST", DEFAULT.messageBurst, 1, 100_000),
                env.decimal("NEARBY_WS_UPDATES_PER_SECOND", DEFAULT.updatesPerSecond, 0, 10_000),
                env.integer("NEARBY_WS_UPDATE_BURST", DEFAULT.updateBurst, 1, 100_000),
                env.integer("NEARBY_WS_VIOLATIONS_PER_MINUTE", DEFAULT.violationsPerMinute, 1, 100_000),
                env.seconds("NEARBY_WS_PING_SECONDS", DEFAULT.pingInterval.toSeconds(), 1, 3_600));
    }
}
