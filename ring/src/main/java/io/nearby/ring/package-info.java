/**
 * The Pub/Sub ring: which Redis node owns which channel, where that list lives, and how servers follow it.
 *
 * <ul>
 *   <li>{@link io.nearby.ring.HashRing} — consistent hashing with virtual nodes (Murmur3 x86_32), a
 *       {@link io.nearby.ring.pubsub.ChannelRouter}.</li>
 *   <li>{@link io.nearby.ring.RingSpec} / {@link io.nearby.ring.RingNode} — the stored JSON value and its strict
 *       parser; {@link io.nearby.ring.RingEdits} — add, remove, replace, set as pure functions.</li>
 *   <li>{@link io.nearby.ring.RingSource} — {@link io.nearby.ring.StaticRingSource} (NEARBY_PUBSUB_NODES) or
 *       {@link io.nearby.ring.EtcdRingSource} (loaded, watched, re-read; keeps the last ring when etcd is down), with
 *       {@link io.nearby.ring.RingStatus} for health and metrics.</li>
 *   <li>{@link io.nearby.ring.RingFollower} — applies each new ring to a
 *       {@link io.nearby.ring.pubsub.RedisPubSub} ({@code reroute}: moves exactly the channels whose owner
 *       changed).</li>
 *   <li>{@link io.nearby.ring.RingStore} — compare-and-swap changes of the value in etcd, used by the operator
 *       command {@code io.nearby.ring.admin.RingCli} ({@code ./nearby ring}).</li>
 * </ul>
 *
 * Operations (resizing, replacing a failed node, etcd outages, monitoring): docs/operations.md.
 */
package io.nearby.ring;
