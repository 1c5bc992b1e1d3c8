package io.nearby.ring.pubsub;

import io.nearby.ring.RingNode;

/**
 * Where one Redis Pub/Sub node listens: the canonical {@code redis://host:port} of {@link RingNode#canonicalUrl} (the
 * form every node of the ring has), split into host and port. No credentials: a node URL is read by every server and
 * operator, so it carries none.
 *
 * @param uri the canonical form: the node's id in routing, metrics and health
 * @param host lower case; an IPv6 address in brackets
 */
public record RedisAddress(String uri, String host, int port) {

    /**
     * Validates and normalises {@code text} by the ring's rules ({@link RingNode#canonicalUrl}).
     *
     * @throws io.nearby.ring.RingSpecException (an {@link IllegalArgumentException}) naming what is wrong
     */
    public static RedisAddress parse(String text) {
        String canonical = RingNode.canonicalUrl(text); // redis://host:port, port explicit
        int colon = canonical.lastIndexOf(':');
        return new RedisAddress(canonical, canonical.substring("redis://".length(), colon),
                Integer.parseInt(canonical.substring(colon + 1)));
    }

    /** {@code host:port}. */
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
