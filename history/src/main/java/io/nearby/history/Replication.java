package io.nearby.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The replication of the history keyspace, written as NEARBY_CASSANDRA_REPLICATION: {@code SimpleStrategy:1} (the
 * default: one local node) or {@code NetworkTopologyStrategy:dc1=3,dc2=3} (production: replicas per data center).
 * Used only when the keyspace is created; an existing keyspace keeps its replication (change it with
 * {@code ALTER KEYSPACE} and a repair, an operator's decision).
 *
 * @param strategy {@code SimpleStrategy} or {@code NetworkTopologyStrategy}
 * @param factors  {@code replication_factor} for SimpleStrategy, else data center → replicas (insertion order kept)
 */
public record Replication(String strategy, Map<String, Integer> factors) {
    public static final String SIMPLE = "SimpleStrategy";
    public static final String NETWORK_TOPOLOGY = "NetworkTopologyStrategy";
    public static final String DEFAULT = "SimpleStrategy:1";
    private static final int MAX_FACTOR = 12;

    public Replication {
        factors = Collections.unmodifiableMap(new LinkedHashMap<>(factors));
    }

    /**
     * Parses the NEARBY_CASSANDRA_REPLICATION syntax.
     *
     * @throws IllegalArgumentException with a message saying what is expected
     */
    public static Replication parse(String text) {
        String expected = "expected SimpleStrategy:<replicas> or NetworkTopologyStrategy:<dc>=<replicas>[,<dc>=<replicas>...]";
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(expected + ", got '" + text + "'");
        }
        String strategy = text.substring(0, colon).trim();
        String rest = text.substring(colon + 1).trim();
        Map<String, Integer> factors = new LinkedHashMap<>();
        if (strategy.equalsIgnoreCase(SIMPLE)) {
            factors.put("replication_factor", factor(rest, text, expected));
            return new Replication(SIMPLE, factors);
        }
        if (!strategy.equalsIgnoreCase(NETWORK_TOPOLOGY)) {
            throw new IllegalArgumentException(expected + ", got '" + text + "'");
        }
        for (String part : rest.split(",", -1)) {
            String[] kv = part.trim().split("=", -1);
            if (kv.length != 2 || !kv[0].trim().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException(expected + ", got '" + text + "'");
            }
            if (factors.put(kv[0].trim(), factor(kv[1], text, expected)) != null) {
                throw new IllegalArgumentException("data center '" + kv[0].trim() + "' given twice in '" + text + "'");
            }
        }
        return new Replication(NETWORK_TOPOLOGY, factors);
    }

    private static int factor(String value, String text, String expected) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_FACTOR) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(expected + " with 1 to " + MAX_FACTOR + " replicas, got '" + text + "'");
    }

    /** The CQL map literal, e.g. {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. */
    public String toCql() {
        return factors.entrySet().stream()
                .map(e -> "'" + e.getKey() + "': " + e.getValue())
                .collect(Collectors.joining(", ", "{'class': '" + strategy + "', ", "}"));
    }

    @Override
    public String toString() {
        return strategy + ":" + factors.entrySet().stream()
                .map(e -> strategy.equals(SIMPLE) ? String.valueOf(e.getValue()) : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
