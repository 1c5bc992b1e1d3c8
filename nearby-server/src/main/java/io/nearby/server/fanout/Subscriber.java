package io.nearby.server.fanout;

/**
 * A local receiver of channel events (a WebSocket session). Called on a Pub/Sub reader thread: must not block
 * (enqueue and return).
 */
public interface Subscriber {
    void onEvent(String channel, ChannelEvent event, long receivedNanos);

    /** The channel was re-established after a reconnect or a ring move: messages may have been missed. */
    void onResubscribed(String channel);
}
