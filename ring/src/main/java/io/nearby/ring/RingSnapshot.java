package io.nearby.ring;

/**
 * The ring a server uses, as read from its source.
 *
 * @param ring the placement (its {@link HashRing#spec()} carries version and nodes)
 * @param revision etcd mod revision of the value ({@code 0} for a static ring): changes are applied only if newer
 */
public record RingSnapshot(HashRing ring, long revision) {
    public RingSpec spec() {
        return ring.spec();
    }

    public long version() {
        return ring.spec().version();
    }

    @Override
    public String toString() {
        return "ring v" + version() + " (revision " + revision + ", " + ring.nodes().size() + " nodes)";
    }
}
