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
 * @param maxPerUser          NEARBY_WS_MAX_PER_USER [5]: connections one user may hold on a server; the newest wins,
 *                            the oldest is closed with 4000 (replaced)
 * @param initTimeout         NEARBY_WS_INIT_SECONDS [10]: a connection that has not sent {@code init} this long after
 *                            it opened is closed with 1008
 * @param outboundLimitKiB    NEARBY_WS_OUTBOUND_KIB [256]: frames waiting for a client that does not read, at most;
 *                            beyond it the connection is dropped
 * @param writeTimeout        NEARBY_WS_WRITE_TIMEOUT_SECONDS [10]: a write blocked this long (the client stopped reading)
 *                            drops the connection
 * @param sendBufferKiB       NEARBY_WS_SEND_BUFFER_KIB [64]: the kernel's send buffer per connection (SO_SNDBUF); bounds
 *                            what a client that stopped reading can hold in the kernel (Linux's autotuning would let it
 *                            grow to 4 MiB) and so how soon the write timeout notices it
 */
public record WsLimits(double messagesPerSecond, int messageBurst, double updatesPerSecond, int updateBurst,
                       int violationsPerMinute, java.time.Duration pingInterval, int maxPerUser,
                       java.time.Duration initTimeout, int outboundLimitKiB, java.time.Duration writeTimeout,
                       int sendBufferKiB) {
    public static final WsLimits DEFAULT = new WsLimits(20, 40, 2, 10, 20, java.time.Duration.ofSeconds(25), 5,
            java.time.Duration.ofSeconds(10), 256, java.time.Duration.ofSeconds(10), 64);

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
                env.seconds("NEARBY_WS_PING_SECONDS", DEFAULT.pingInterval.toSeconds(), 1, 3_600),
                env.integer("NEARBY_WS_MAX_PER_USER", DEFAULT.maxPerUser, 1, 1_000),
                env.seconds("NEARBY_WS_INIT_SECONDS", DEFAULT.initTimeout.toSeconds(), 1, 3_600),
                env.integer("NEARBY_WS_OUTBOUND_KIB", DEFAULT.outboundLimitKiB, 16, 1_048_576),
                env.seconds("NEARBY_WS_WRITE_TIMEOUT_SECONDS", DEFAULT.writeTimeout.toSeconds(), 1, 600),
                env.integer("NEARBY_WS_SEND_BUFFER_KIB", DEFAULT.sendBufferKiB, 4, 65_536));
    }
}
