package io.nearby.ring;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator's changes to a ring, as pure functions: the stored ring (null if there is none) in, the wanted ring
 * out (its version is set by {@link RingStore#update}). A refused change throws {@link RingSpecException} with a
 * message for the operator. Used by {@code ./nearby ring} and meant for an admin REST endpoint too.
 */
public final class RingEdits {
    private RingEdits() {
    }

    public static RingSpec add(RingSpec ring, String url) {
        String node = RingNode.canonicalUrl(url);
        if (ring == null) {
            return RingSpec.of(1, List.of(node), RingSpec.DEFAULT_VNODES);
        }
        if (ring.contains(node)) {
            throw new RingSpecException(node + " is already in the ring (v" + ring.version() + ")");
        }
        boolean tokenTaken = ring.nodes().stream().anyMatch(n -> n.token().equals(node));
        List<RingNode> nodes = new ArrayList<>(ring.nodes());
        // a URL that once left the ring may still name the positions of the node that replaced it
        nodes.add(new RingNode(node, tokenTaken ? node + "@v" + (ring.version() + 1) : node));
        return new RingSpec(ring.version(), nodes, ring.vnodes());
    }

    public static RingSpec remove(RingSpec ring, String url) {
        String node = RingNode.canonicalUrl(url);
        requireRing(ring);
        if (!ring.contains(node)) {
            throw new RingSpecException(node + " is not in the ring (nodes: " + ring.urls() + ")");
        }
        if (ring.nodes().size() == 1) {
            throw new RingSpecException("refusing to remove " + node + ": it is the last node of the ring (add"
                    + " another first, or use replace)");
        }
        return new RingSpec(ring.version(), ring.nodes().stream().filter(n -> !n.url().equals(node)).toList(),
                ring.vnodes());
    }

    /** NEW takes OLD's place on the ring (its token): exactly OLD's channels move, all to NEW. */
    public static RingSpec replace(RingSpec ring, String oldUrl, String newUrl) {
        String old = RingNode.canonicalUrl(oldUrl);
        String fresh = RingNode.canonicalUrl(newUrl);
        requireRing(ring);
        if (!ring.contains(old)) {
            throw new RingSpecException(old + " is not in the ring (nodes: " + ring.urls() + ")");
        }
        if (ring.contains(fresh)) {
            throw new RingSpecException(fresh + " is already in the ring; replace needs a node that is not");
        }
        List<RingNode> nodes = ring.nodes().stream()
                .map(n -> n.url().equals(old) ? new RingNode(fresh, n.token()) : n).toList();
        return new RingSpec(ring.version(), nodes, ring.vnodes());
    }

    /** Exactly these nodes, at their own positions (also overwrites an invalid stored value). */
    public static RingSpec set(RingSpec ring, List<String> urls) {
        return RingSpec.of(1, urls.stream().map(RingNode::canonicalUrl).toList(),
                ring == null ? RingSpec.DEFAULT_VNODES : ring.vnodes());
    }

    /** Share of the channels {@code u:0 ... u:<sample-1>} whose owner differs between the rings. */
    public static double movedShare(HashRing before, HashRing after, int sample) {
        int moved = 0;
        for (int i = 0; i < sample; i++) {
            String channel = "u:" + i;
            if (!before.nodeFor(channel).equals(after.nodeFor(channel))) {
                moved++;
            }
        }
        return moved / (double) sample;
    }

    private static void requireRing(RingSpec ring) {
        if (ring == null) {
            throw new RingSpecException("there is no ring yet; create it with: ./nearby ring add redis://HOST:PORT");
        }
    }
}
