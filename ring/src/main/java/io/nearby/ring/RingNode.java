package io.nearby.ring;

import io.nearby.credentials.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One Redis Pub/Sub node of the ring.
 *
 * @param url the node's address in canonical form {@code redis://host:port}, or {@code rediss://host:port} for a node
 *     that speaks TLS (scheme and host lower case, port explicit): its id for routing, connections, metrics and health
 * @param token the name whose hashes place the node's virtual nodes on the ring ({@code token#0},
 *     {@code token#1}, ...); equal to {@code url} unless the node replaced another one and took over its positions,
 *     so that a replacement moves exactly the replaced node's channels and nothing else
 */
public record RingNode(String url, String token) {
    private static final String EXPECTED = "redis://host:port (rediss:// for TLS)";

    public RingNode {
        if (url == null || token == null || token.isBlank()) {
            throw new RingSpecException("a ring node needs a url and a non-empty token");
        }
    }

    /** A node that owns the positions of its own URL. */
    public static RingNode of(String url) {
        String canonical = canonicalUrl(url);
        return new RingNode(canonical, canonical);
    }

    /** The node placed where its own URL says (token = url). */
    public boolean ownPositions() {
        return url.equals(token);
    }

    /**
     * Validates and normalises a node address: {@code redis://host:port}, or {@code rediss://host:port} for TLS (an IPv6
     * host in brackets); port 6379 when absent. No credentials (they do not belong in a value every server and
     * operator reads: servers take them from {@code NEARBY_PUBSUB_USER}/{@code NEARBY_PUBSUB_PASSWORD}), path, query
     * or fragment. The scheme is part of the node's identity: {@code redis://h:1} and {@code rediss://h:1} are two
     * nodes (switching a node to TLS is a {@code ring replace}).
     *
     * @throws RingSpecException naming what is wrong
     */
    public static String canonicalUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new RingSpecException("node URL is empty; expected " + EXPECTED);
        }
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new RingSpecException("node URL '" + Redaction.redact(trimmed) + "' is not a URI; expected " + EXPECTED, e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new RingSpecException("node URL '" + Redaction.redact(trimmed) + "' must start with redis:// or rediss:// (got scheme "
                    + uri.getScheme() + "); expected " + EXPECTED);
        }
        if (uri.getRawUserInfo() != null) {
            // the URL itself is not repeated: it holds a password
            throw new RingSpecException("a node URL must not carry credentials (got user info for host " + uri.getHost()
                    + ")");
        }
        if (uri.getHost() == null) {
            throw new RingSpecException("node URL '" + Redaction.redact(trimmed) + "' has no valid host; expected " + EXPECTED);
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new RingSpecException("node URL '" + Redaction.redact(trimmed) + "' must be exactly " + EXPECTED + " (no path, query"
                    + " or fragment)");
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw new RingSpecException("node URL '" + Redaction.redact(trimmed) + "' has port " + port + " outside 1..65535");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
