package io.nearby.ring.pubsub;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;

/** Looks at a Redis server from outside with a plain Jedis connection: channels, subscriber counts, clients. */
final class RedisInspector implements AutoCloseable {
    private final Jedis jedis;

    RedisInspector(String url) {
        this.jedis = new Jedis(java.net.URI.create(url));
    }

    /** PUBSUB CHANNELS pattern. */
    Set<String> channels(String pattern) {
        return new HashSet<>(jedis.pubsubChannels(pattern));
    }

    /** PUBSUB NUMSUB for each channel. */
    Map<String, Long> numsub(String... channels) {
        return jedis.pubsubNumSub(channels);
    }

    /** CLIENT LIST lines whose name starts with the prefix. */
    List<String> clients(String namePrefix) {
        return Arrays.stream(jedis.clientList().split("\n"))
                .filter(line -> line.contains(" name=" + namePrefix))
                .toList();
    }

    long publish(String channel, String message) {
        return jedis.publish(channel, message);
    }

    Jedis jedis() {
        return jedis;
    }

    @Override
    public void close() {
        jedis.close();
    }
}
