package io.nearby.server.location;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.nearby.ring.pubsub.RedisAddress;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Which master of a Redis Cluster serves each of the 16,384 hash slots, as one node answered {@code CLUSTER SLOTS}.
 * Immutable. A key's slot is CRC16 of the key (of its {@code {hash tag}} if it has one) mod 16,384
 * ({@link #slot(String)}, Jedis' own implementation).
 */
final class SlotMap {
    static final int SLOTS = 16_384;
    /** No slot map yet (no node has answered). */
    static final SlotMap EMPTY = new SlotMap(new RedisAddress[SLOTS], List.of(), List.of());

    private final RedisAddress[] owners;
    private final List<RedisAddress> masters;
    private final List<RedisAddress> replicas;

    private SlotMap(RedisAddress[] owners, List<RedisAddress> masters, List<RedisAddress> replicas) {
        this.owners = owners;
        this.masters = masters;
        this.replicas = replicas;
    }

    static int slot(String key) {
        return JedisClusterCRC16.getSlot(key);
    }

    /**
     * Parses a {@code CLUSTER SLOTS} reply: ranges {@code [start, end, master, replica…]}, each node
     * {@code [endpoint, port, id, …]}. An endpoint that is empty or {@code ?} (the node does not know its own address)
     * means the host that was asked, as the Redis documentation says.
     *
     * @param tls the cluster's nodes are {@code rediss://}, as its seeds
     * @param askedHost the host of the node that answered
     * @throws IllegalArgumentException when the reply is not one
     */
    static SlotMap parse(Object reply, boolean tls, String askedHost) {
        if (!(reply instanceof List<?> ranges)) {
            throw new IllegalArgumentException("CLUSTER SLOTS answered " + reply + ", not a list");
        }
        RedisAddress[] owners = new RedisAddress[SLOTS];
        Set<RedisAddress> masters = new LinkedHashSet<>();
        Set<RedisAddress> replicas = new LinkedHashSet<>();
        for (Object r : ranges) {
            if (!(r instanceof List<?> range) || range.size() < 3) {
                throw new IllegalArgumentException("a CLUSTER SLOTS range is [start, end, master, …], got " + r);
            }
            int start = (int) number(range.get(0));
            int end = (int) number(range.get(1));
            if (start < 0 || end >= SLOTS || start > end) {
                throw new IllegalArgumentException("slot range " + start + "-" + end + " is not within 0-" + (SLOTS - 1));
            }
            RedisAddress master = node(range.get(2), tls, askedHost);
            masters.add(master);
            for (int i = 3; i < range.size(); i++) {
                replicas.add(node(range.get(i), tls, askedHost));
            }
            Arrays.fill(owners, start, end + 1, master);
        }
        replicas.removeAll(masters);
        return new SlotMap(owners, List.copyOf(masters), List.copyOf(replicas));
    }

    /** The master serving {@code slot}, or null when none does (unassigned, or no map yet). */
    RedisAddress owner(int slot) {
        return owners[slot];
    }

    /** The masters serving slots, in the order of their first range. */
    List<RedisAddress> masters() {
        return masters;
    }

    /** The replicas of those masters. */
    List<RedisAddress> replicas() {
        return replicas;
    }

    /** Slots no master serves. */
    int unassigned() {
        int n = 0;
        for (RedisAddress owner : owners) {
            n += owner == null ? 1 : 0;
        }
        return n;
    }

    /** Slots served by {@code master}. */
    int slotsOf(RedisAddress master) {
        int n = 0;
        for (RedisAddress owner : owners) {
            n += master.equals(owner) ? 1 : 0;
        }
        return n;
    }

    /** The same masters serve the same slots (replicas aside). */
    boolean sameOwners(SlotMap other) {
        return Arrays.equals(owners, other.owners);
    }

    private static RedisAddress node(Object n, boolean tls, String askedHost) {
        if (!(n instanceof List<?> node) || node.size() < 2) {
            throw new IllegalArgumentException("a CLUSTER SLOTS node is [endpoint, port, …], got " + n);
        }
        String endpoint = Objects.toString(node.get(0), "");
        String host = endpoint.isEmpty() || endpoint.equals("?") ? askedHost : endpoint;
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 address
        }
        return RedisAddress.parse((tls ? "rediss://" : "redis://") + host + ":" + number(node.get(1)));
    }

    private static long number(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        try {
            return Long.parseLong(Objects.toString(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number in CLUSTER SLOTS, got " + value);
        }
    }

    @Override
    public String toString() {
        List<String> shards = new ArrayList<>();
        masters.forEach(m -> shards.add(m.uri() + " (" + slotsOf(m) + " slots)"));
        return shards.isEmpty() ? "no slot map" : String.join(", ", shards);
    }
}
