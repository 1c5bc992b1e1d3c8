package io.nearby.ring;

import io.nearby.ring.pubsub.MoveReport;
import io.nearby.ring.pubsub.RedisPubSub;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps a {@link RedisPubSub} on the ring of a {@link RingSource}: register it with
 * {@link RingSource#addListener}; every ring with a new placement is applied with {@link RedisPubSub#reroute}
 * (a new version with the same placement only updates {@link #applied()}). Runs on the source's notifier thread.
 * Which ring is newer is not decided here: the source only publishes a newer one ({@code RingTracker}'s rule) and
 * its notifier delivers them in order, at most once each.
 *
 * <pre>{@code
 * RingSnapshot ring = source.current();
 * RedisPubSub pubSub = new RedisPubSub(ring.ring(), sink, PubSubConfig.defaults());
 * RingFollower follower = new RingFollower(pubSub, ring);
 * source.addListener(follower);
 * }</pre>
 */
public final class RingFollower implements Consumer<RingSnapshot> {
    private static final System.Logger LOG = System.getLogger(RingFollower.class.getName());

    private final RedisPubSub pubSub;
    private final AtomicLong moves = new AtomicLong();
    private final AtomicLong channelsMoved = new AtomicLong();
    private volatile RingSnapshot applied;
    private volatile MoveReport lastMove;

    /** @param initial the ring {@code pubSub} was created with */
    public RingFollower(RedisPubSub pubSub, RingSnapshot initial) {
        this.pubSub = pubSub;
        this.applied = initial;
    }

    @Override
    public void accept(RingSnapshot next) {
        RingSnapshot before = applied;
        if (!next.ring().samePlacement(before.ring())) {
            MoveReport report;
            try {
                report = pubSub.reroute(next.ring(), () -> applied = next);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "could not apply " + next + "; still on " + before, e);
                return;
            }
            lastMove = report;
            moves.incrementAndGet();
            channelsMoved.addAndGet(report.channelsMoved());
        }
        applied = next;
    }

    /** The ring the Pub/Sub routes by (set as soon as publishes go to the new owners, before the move completes). */
    public RingSnapshot applied() {
        return applied;
    }

    /** Ring changes that changed the placement and were applied (moves). */
    public long moves() {
        return moves.get();
    }

    /** Channels moved to another node by all moves so far. */
    public long channelsMoved() {
        return channelsMoved.get();
    }

    /** The last move, or null. */
    public MoveReport lastMove() {
        return lastMove;
    }
}
