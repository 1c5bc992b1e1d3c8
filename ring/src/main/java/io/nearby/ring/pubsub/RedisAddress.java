package io.nearby.ring.pubsub;

import java.net.URI;
import java.net.URISyntaxException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

/**
 * Where one Redis Pub/Sub node listens, parsed from {@code redis://[user:password@]host[:port]} (port 6379 when
 * absent). The database number is ignored: Pub/Sub channels are global to a Redis server.
 *
 * @param uri the text it was parsed from, trimmed: the node's id in routing, metrics and health
 */
public record RedisAddress(String uri, String host, int port, String user, String password) {

    public static RedisAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Redis node URI is empty");
        }
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Redis node URI must look like redis://host:port, got " + trimmed, e);
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Redis node URI must look like redis://host:port, got " + trimmed);
        }
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts.length == 2 && !parts[0].isEmpty() ? parts[0] : null;
            password = parts.length == 2 ? parts[1] : parts[0];
        }
        return new RedisAddress(trimmed, uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password);
    }

    HostAndPort hostAndPort() {
        return new HostAndPort(host, port);
    }

    /** Client settings with credentials; timeouts and the name are added by the caller. */
    DefaultJedisClientConfig.Builder clientConfig() {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder();
        if (user != null) {
            builder.user(user);
        }
        if (password != null) {
            builder.password(password);
        }
        return builder;
    }

    /** {@code host:port}, never the password. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
