/**
 * Consistent-hash ring of Redis Pub/Sub nodes (virtual nodes, stable hash), the ring's source (static from NEARBY_PUBSUB_NODES, or one JSON value in etcd that every server watches), and the sharded Pub/Sub: one subscriber connection per Redis node per server process, reference-counted channel subscriptions.
 */
package io.nearby.ring;
