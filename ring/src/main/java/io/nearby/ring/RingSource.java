package io.nearby.ring;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the ring comes from: a static list ({@link StaticRingSource}) or one watched value in etcd
 * ({@link EtcdRingSource}). A started source always has a ring ({@link #current()}); later changes reach listeners.
 */
public interface RingSource extends AutoCloseable {

    /**
     * The source a server's configuration asks for: with etcd endpoints, the ring under {@code ringKey} in etcd
     * (seeded from {@code nodes} if the key is absent and {@code seedFromNodes}); without, a static ring of
     * {@code nodes}.
     *
     * @param etcdEndpoints {@code NEARBY_ETCD_ENDPOINTS} (empty: static ring)
     * @param ringKey {@code NEARBY_RING_KEY}
     * @param nodes {@code NEARBY_PUBSUB_NODES}, {@code redis://host:port} each
     * @param seedFromNodes true if the operator set {@code NEARBY_PUBSUB_NODES} explicitly, so that it may seed an
     *     absent key (a default such as "the cache's Redis" should not)
     * @throws RingSpecException if a node is invalid; {@link IllegalStateException} if etcd cannot give a ring
     */
    static RingSource open(List<String> etcdEndpoints, String ringKey, List<String> nodes, boolean seedFromNodes) {
        return open(etcdEndpoints, ringKey, EtcdAccess.NONE, nodes, seedFromNodes);
    }

    /** {@link #open(List, String, List, boolean)} with etcd credentials and TLS trust ({@code NEARBY_ETCD_*}). */
    static RingSource open(List<String> etcdEndpoints, String ringKey, EtcdAccess access, List<String> nodes,
            boolean seedFromNodes) {
        if (etcdEndpoints.isEmpty()) {
            return StaticRingSource.of(nodes);
        }
        Optional<RingSpec> bootstrap = seedFromNodes && !nodes.isEmpty()
                ? Optional.of(RingSpec.of(1, nodes, RingSpec.DEFAULT_VNODES)) : Optional.empty();
        return EtcdRingSource.start(EtcdSettings.defaults(etcdEndpoints, ringKey).withAccess(access), bootstrap);
    }

    /** The ring in use now. */
    RingSnapshot current();

    /**
     * Calls {@code listener} with the current ring and then with every later one, in order, on the source's single
     * notifier thread (never an etcd event-loop thread, never the caller's). Quick successive changes may be
     * coalesced: the listener always ends with the latest ring. The listener may block (e.g. to move subscriptions);
     * it delays later notifications, not the source. A listener that throws is logged and keeps its registration.
     */
    void addListener(Consumer<RingSnapshot> listener);

    /** For health and metrics. */
    RingStatus status();

    /** Stops watching and releases connections and threads. Idempotent. */
    @Override
    void close();
}
