package io.nearby.ring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The ring as stored: one JSON value under {@code NEARBY_RING_KEY} in etcd.
 *
 * <pre>{@code
 * {"version":3,"nodes":["redis://10.0.0.1:6379","redis://10.0.0.2:6379"],"vnodes":160}
 * }</pre>
 *
 * <ul>
 *   <li>{@code version} — integer ≥ 1, incremented by every change ({@code ./nearby ring} does it); for people and
 *       dashboards. Servers order changes by etcd's mod revision, not by this number.</li>
 *   <li>{@code nodes} — non-empty list (at most {@value #MAX_NODES}) of distinct {@code redis://host:port}. An entry
 *       may instead be {@code {"url":"redis://10.0.0.9:6379","token":"redis://10.0.0.1:6379"}}: a node that
 *       replaced another and took over its ring positions ({@code ./nearby ring replace} writes this), so the
 *       replacement moved only the replaced node's channels. Tokens are distinct too. Order does not matter.</li>
 *   <li>{@code vnodes} — virtual nodes per node, 1..{@value #MAX_VNODES}, default {@value #DEFAULT_VNODES}. Changing
 *       it moves almost every channel.</li>
 * </ul>
 *
 * Parsing is strict: unknown fields, wrong types, a fractional or string version, duplicates and bad URLs are
 * rejected with a message naming the field.
 */
public record RingSpec(long version, List<RingNode> nodes, int vnodes) {
    public static final int DEFAULT_VNODES = 160;
    public static final int MAX_VNODES = 4_096;
    public static final int MAX_NODES = 1_024;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public RingSpec {
        if (version < 1) {
            throw new RingSpecException("version must be >= 1, got " + version);
        }
        if (nodes == null || nodes.isEmpty()) {
            throw new RingSpecException("nodes must list at least one redis://host:port");
        }
        if (nodes.size() > MAX_NODES) {
            throw new RingSpecException("nodes lists " + nodes.size() + " nodes, more than " + MAX_NODES);
        }
        if (vnodes < 1 || vnodes > MAX_VNODES) {
            throw new RingSpecException("vnodes must be in 1.." + MAX_VNODES + ", got " + vnodes);
        }
        nodes = List.copyOf(nodes);
        Set<String> urls = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            RingNode node = nodes.get(i);
            if (!urls.add(node.url())) {
                throw new RingSpecException("nodes[" + i + "]: duplicate node " + node.url());
            }
            if (!tokens.add(node.token())) {
                throw new RingSpecException("nodes[" + i + "]: token '" + node.token() + "' is already used by"
                        + " another node");
            }
        }
    }

    /** A ring of nodes at their own positions. */
    public static RingSpec of(long version, List<String> urls, int vnodes) {
        return new RingSpec(version, urls.stream().map(RingNode::of).toList(), vnodes);
    }

    public List<String> urls() {
        return nodes.stream().map(RingNode::url).toList();
    }

    public boolean contains(String url) {
        return nodes.stream().anyMatch(node -> node.url().equals(url));
    }

    /** The same placement (nodes, tokens, vnodes) regardless of version and node order. */
    public boolean samePlacement(RingSpec other) {
        return vnodes == other.vnodes && new HashSet<>(nodes).equals(new HashSet<>(other.nodes));
    }

    /**
     * Parses the stored value.
     *
     * @throws RingSpecException saying what is wrong, e.g. {@code ring value is not JSON: ...}, {@code nodes[1]: ...}
     */
    public static RingSpec parse(byte[] utf8) {
        if (utf8 == null || utf8.length == 0) {
            throw new RingSpecException("ring value is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(utf8);
        } catch (java.io.IOException e) {
            throw new RingSpecException("ring value is not JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new RingSpecException("ring value must be a JSON object like {\"version\":1,\"nodes\":"
                    + "[\"redis://host:6379\"],\"vnodes\":160}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("version", "nodes", "vnodes").contains(name)) {
                throw new RingSpecException("unknown field '" + name + "' (allowed: version, nodes, vnodes)");
            }
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong()) {
            throw new RingSpecException("version must be an integer >= 1, got " + describe(version));
        }
        JsonNode vnodes = root.get("vnodes");
        if (vnodes != null && (!vnodes.isIntegralNumber() || !vnodes.canConvertToInt())) {
            throw new RingSpecException("vnodes must be an integer in 1.." + MAX_VNODES + ", got " + describe(vnodes));
        }
        JsonNode list = root.get("nodes");
        if (list == null || !list.isArray()) {
            throw new RingSpecException("nodes must be an array of redis://host:port, got " + describe(list));
        }
        List<RingNode> nodes = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            nodes.add(parseNode(list.get(i), i));
        }
        return new RingSpec(version.longValue(), nodes, vnodes == null ? DEFAULT_VNODES : vnodes.intValue());
    }

    public static RingSpec parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code version} of a value that may not be a valid ring, or 0: to number the value that overwrites it. */
    public static long lenientVersion(byte[] utf8) {
        try {
            JsonNode version = JSON.readTree(utf8).get("version");
            return version != null && version.isIntegralNumber() ? Math.max(0, version.longValue()) : 0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The stored form: {@code {"version":N,"nodes":[...],"vnodes":V}}; plain strings for nodes at their own positions. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version);
        ArrayNode list = root.putArray("nodes");
        for (RingNode node : nodes) {
            if (node.ownPositions()) {
                list.add(node.url());
            } else {
                list.addObject().put("url", node.url()).put("token", node.token());
            }
        }
        root.put("vnodes", vnodes);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: serialising a JSON tree", e);
        }
    }

    public byte[] toUtf8() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    private static RingNode parseNode(JsonNode entry, int index) {
        String where = "nodes[" + index + "]: ";
        try {
            if (entry.isTextual()) {
                return RingNode.of(entry.textValue());
            }
            if (entry.isObject()) {
                for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!name.equals("url") && !name.equals("token")) {
                        throw new RingSpecException("unknown field '" + name + "' (allowed: url, token)");
                    }
                }
                JsonNode url = entry.get("url");
                JsonNode token = entry.get("token");
                if (url == null || !url.isTextual() || token == null || !token.isTextual() || token.textValue().isBlank()) {
                    throw new RingSpecException("a node object needs string fields url and token");
                }
                return new RingNode(RingNode.canonicalUrl(url.textValue()), token.textValue());
            }
            throw new RingSpecException("expected \"redis://host:port\" or {\"url\":...,\"token\":...}, got "
                    + describe(entry));
        } catch (RingSpecException e) {
            throw new RingSpecException(where + e.getMessage(), e);
        }
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing (missing)";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase() + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
