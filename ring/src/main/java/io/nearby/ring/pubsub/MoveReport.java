package io.nearby.ring.pubsub;

import java.time.Duration;
import java.util.List;

/**
 * What one {@link RedisPubSub#reroute} did.
 *
 * @param channelsMoved subscribed channels whose owner changed (each subscribed on its new owner, then dropped from
 *     its old one)
 * @param channelsKept subscribed channels whose owner did not change (untouched)
 * @param nodesAdded nodes connected for this ring
 * @param nodesRemoved nodes closed because they left the ring
 * @param switched time to switch routing: from the call until publishes went to the new owners (the write lock)
 * @param confirmed time from the switch until every new owner confirmed its moved channels (or the timeout)
 * @param allConfirmed false if some new owner did not confirm within {@code subscribeTimeout} (its channels stay
 *     wanted there and are subscribed, and reported through {@code MessageSink.resubscribed}, once it answers)
 * @param total the whole move, including {@code moveGrace} and closing the nodes that left
 */
public record MoveReport(int channelsMoved, int channelsKept, List<String> nodesAdded, List<String> nodesRemoved,
        Duration switched, Duration confirmed, boolean allConfirmed, Duration total) {

    /** Nothing changed (same nodes, same owners). */
    public static MoveReport none(int channelsKept) {
        return new MoveReport(0, channelsKept, List.of(), List.of(), Duration.ZERO, Duration.ZERO, true, Duration.ZERO);
    }
}
