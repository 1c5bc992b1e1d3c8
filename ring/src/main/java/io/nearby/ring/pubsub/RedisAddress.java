package io.nearby.ring.pubsub;

import io.nearby.ring.RingNode;

/**
 * Where one Redis server listens: the canonical {@code redis://host:port} (or {@code rediss://host:port}, TLS) of
 * {@link RingNode#canonicalUrl} (the form every node of the ring has), split into host and port. No credentials: a
 * node URL is read by every server and operator, so it carries none ({@link RedisSecurity} holds them).
 *
 * @param uri the canonical form: the node's id in routing, metrics and health
 * @param host lower case; an IPv6 address in brackets
 * @param tls the scheme is {@code rediss}: the connection is TLS, the server's certificate is checked
 */
public record RedisAddress(String uri, String host, int port, boolean tls) {

    /**
     * Validates and normalises {@code text} by the ring's rules ({@link RingNode#canonicalUrl}).
     *
     * @throws io.nearby.ring.RingSpecException (an {@link IllegalArgumentException}) naming what is wrong
     */
    public static RedisAddress parse(String text) {
        String canonical = RingNode.canonicalUrl(text); // redis[s]://host:port, port explicit
        int colon = canonical.lastIndexOf(':');
        int hostStart = canonical.indexOf("://") + 3;
        return new RedisAddress(canonical, canonical.substring(hostStart, colon),
                Integer.parseInt(canonical.substring(colon + 1)), canonical.startsWith("rediss:"));
    }

    /** {@code host:port}, with {@code (TLS)} for a {@code rediss://} server. */
    @Override
    public String toString() {
        return host + ":" + port + (tls ? " (TLS)" : "");
    }
}
