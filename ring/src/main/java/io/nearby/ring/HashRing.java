package io.nearby.ring;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import io.nearby.ring.pubsub.ChannelRouter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consistent-hash ring with virtual nodes: which Redis node owns a channel. Immutable and thread-safe.
 *
 * <p><b>Hash.</b> MurmurHash3 x86 32-bit, seed 0, over UTF-8 bytes (Guava's {@code Hashing.murmur3_32_fixed()}: the
 * published reference algorithm, so any language can reproduce the placement). Node {@code n} with token {@code t}
 * (its URL unless it replaced another node) gets {@code vnodes} points {@code murmur3("t#0") ... murmur3("t#<vnodes-1>")}
 * on a circle of 2^32 values. A channel belongs to the node of the first point at or after {@code murmur3(channel)},
 * wrapping around. Two points with the same hash are ordered by token, so placement depends only on the set of
 * (token, url) pairs and {@code vnodes}, never on list order.
 *
 * <p><b>Properties</b> (shown by {@code HashRingTest}): with 160 virtual nodes each node owns its 1/N share within
 * about ±25 %; adding one node to N moves about 1/(N+1) of the channels, all of them to the new node; removing a node
 * moves only its channels, spread over the others.
 *
 * <p>Lookup is a hash and a binary search over {@code N × vnodes} points (a few hundred nanoseconds).
 */
public final class HashRing implements ChannelRouter {
    private static final HashFunction MURMUR3 = Hashing.murmur3_32_fixed();

    private final RingSpec spec;
    /** Nodes sorted by token: the index is the tie-breaker of equal points. */
    private final RingNode[] nodes;
    /** Sorted: (signed 32-bit hash << 32) | node index. */
    private final long[] points;

    public HashRing(RingSpec spec) {
        this.spec = spec;
        this.nodes = spec.nodes().stream().sorted(Comparator.comparing(RingNode::token)).toArray(RingNode[]::new);
        this.points = new long[nodes.length * spec.vnodes()];
        int p = 0;
        for (int n = 0; n < nodes.length; n++) {
            for (int v = 0; v < spec.vnodes(); v++) {
                points[p++] = ((long) hash(nodes[n].token() + "#" + v) << 32) | n;
            }
        }
        Arrays.sort(points);
    }

    /** A ring of nodes at their own positions, version 1. */
    public static HashRing of(List<String> urls, int vnodes) {
        return new HashRing(RingSpec.of(1, urls, vnodes));
    }

    /** The owner's URL (as in {@link #nodes()}). */
    @Override
    public String nodeFor(String channel) {
        long key = (long) hash(channel) << 32;
        int i = Arrays.binarySearch(points, key);
        if (i < 0) {
            i = -i - 1;
        }
        if (i == points.length) {
            i = 0;
        }
        return nodes[(int) points[i]].url();
    }

    /** Node URLs in the order of the spec. */
    @Override
    public List<String> nodes() {
        return spec.urls();
    }

    public RingSpec spec() {
        return spec;
    }

    public int vnodes() {
        return spec.vnodes();
    }

    /**
     * Each node's exact share of the hash space (sums to 1), in the spec's node order: the expected share of
     * channels with uniformly distributed hashes.
     */
    public Map<String, Double> hashSpaceShares() {
        double[] owned = new double[nodes.length];
        for (int i = 0; i < points.length; i++) {
            long here = points[i] >> 32;
            long previous = i == 0 ? (points[points.length - 1] >> 32) - (1L << 32) : points[i - 1] >> 32;
            owned[(int) points[i]] += here - previous;
        }
        Map<String, Double> byUrl = new LinkedHashMap<>();
        spec.urls().forEach(url -> byUrl.put(url, 0.0));
        for (int n = 0; n < nodes.length; n++) {
            byUrl.put(nodes[n].url(), owned[n] / (double) (1L << 32));
        }
        return byUrl;
    }

    /** Same placement: every channel has the same owner on both rings. */
    public boolean samePlacement(HashRing other) {
        return spec.samePlacement(other.spec);
    }

    @Override
    public String toString() {
        return "HashRing[v" + spec.version() + ", " + nodes.length + " nodes x " + spec.vnodes() + " vnodes]";
    }

    private static int hash(String text) {
        return MURMUR3.hashString(text, StandardCharsets.UTF_8).asInt();
    }
}
