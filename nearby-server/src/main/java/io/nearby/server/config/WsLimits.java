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
 */
public record WsLimits(double messagesPerSecond, int messageBurst, double updatesPerSecond, int updateBurst,
                       int violationsPerMinute) {
    public static final WsLimits DEFAULT = new WsLimits(20, 40, 2, 10, 20);

    static WsLimits from(Env env) {
        return new WsLimits(
                env.decimal("NEARBY_WS_MESSAGES_PER_SECOND", DEFAULT.messagesPerSecond, 0, 10_000),
                env.integer("NEARBY_WS_MESSAGE_BURST", DEFAULT.messageBurst, 1, 100_000),
                env.decimal("NEARBY_WS_UPDATES_PER_SECOND", DEFAULT.updatesPerSecond, 0, 10_000),
                env.integer("NEARBY_WS_UPDATE_BURST", DEFAULT.updateBurst, 1, 100_000),
                env.integer("NEARBY_WS_VIOLATIONS_PER_MINUTE", DEFAULT.violationsPerMinute, 1, 100_000));
    }
}
