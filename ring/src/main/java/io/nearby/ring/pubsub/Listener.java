package io.nearby.ring.pubsub;

import redis.clients.jedis.JedisPubSub;

/**
 * The Jedis callbacks of one subscriber connection, forwarded to its {@link Subscriber}. One instance per connection,
 * so that a callback always names the connection it came from. Called on the node's reader thread only.
 */
final class Listener extends JedisPubSub {
    private final Subscriber owner;
    private final Session session;

    Listener(Subscriber owner, Session session) {
        this.owner = owner;
        this.session = session;
    }

    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
        owner.onConfirmed(session, channel, true);
    }

    @Override
    public void onUnsubscribe(String channel, int subscribedChannels) {
        owner.onConfirmed(session, channel, false);
    }

    @Override
    public void onMessage(String channel, String message) {
        owner.onMessage(channel, message);
    }

    @Override
    public void onPong(String pattern) {
        owner.onPong(session);
    }
}
