package io.nearby.ring.pubsub;

/**
 * Health of one Pub/Sub node as seen by this process.
 *
 * @param node the node's URI (its id)
 * @param up the subscriber connection is established (publishing may still fail now and then)
 * @param detail one human-readable line: channel counts, or how long it has been down and why
 */
public record NodeHealth(String node, boolean up, String detail) {
}
