package io.nearby.ring;

import java.util.List;
import java.util.function.Consumer;

/**
 * A ring that never changes, from {@code NEARBY_PUBSUB_NODES} when no etcd is configured (the embedded default is
 * one local node). Listeners hear the ring once, on the caller's thread.
 */
public final class StaticRingSource implements RingSource {
    private final RingSnapshot snapshot;

    public StaticRingSource(RingSpec spec) {
        this.snapshot = new RingSnapshot(new HashRing(spec), 0);
    }

    /**
     * @param urls {@code redis://host[:port]} each, distinct
     * @throws RingSpecException naming the bad entry
     */
    public static StaticRingSource of(List<String> urls) {
        return new StaticRingSource(RingSpec.of(1, urls, RingSpec.DEFAULT_VNODES));
    }

    @Override
    public RingSnapshot current() {
        return snapshot;
    }

    @Override
    public void addListener(Consumer<RingSnapshot> listener) {
        listener.accept(snapshot);
    }

    @Override
    public RingStatus status() {
        return new RingStatus("static", true, "", null, snapshot.version(), 0, snapshot.ring().nodes().size(), 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
