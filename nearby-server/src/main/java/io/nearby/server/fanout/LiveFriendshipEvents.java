package io.nearby.server.fanout;

import io.nearby.friends.FriendshipEvents;
import io.nearby.geo.CellTiers;
import io.nearby.geo.GeoPoint;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.location.LocationStore;
import io.nearby.server.protocol.GoneReason;

/**
 * Tells live sessions on every server about committed REST changes, through control messages on the ring:
 * both users' control channels for friendships; the user's control channel and location channel for
 * sharing. Sharing off also deletes the cached location. Sharing off and discoverable off also tell the
 * watchers of the user's geohash cells (found from the cached location) that the stranger is gone. (A session
 * that published an update just before it heard the change repeats the clean-up itself: see NearbySession.)
 */
public final class LiveFriendshipEvents implements FriendshipEvents {
    private static final System.Logger LOG = System.getLogger(LiveFriendshipEvents.class.getName());

    private final Fanout fanout;
    private final LocationStore cache;
    private final CellTiers tiers;

    public LiveFriendshipEvents(Fanout fanout, LocationStore cache, CellTiers tiers) {
        this.fanout = fanout;
        this.cache = cache;
        this.tiers = tiers;
    }

    @Override
    public void friendshipStarted(String a, String b) {
        fanout.publish(Channels.control(a), new ChannelEvent.FriendAdded(a, b));
        fanout.publish(Channels.control(b), new ChannelEvent.FriendAdded(b, a));
    }

    @Override
    public void friendshipEnded(String a, String b) {
        fanout.publish(Channels.control(a), new ChannelEvent.FriendRemoved(a, b));
        fanout.publish(Channels.control(b), new ChannelEvent.FriendRemoved(b, a));
    }

    @Override
    public void sharingChanged(String userId, boolean enabled) {
        fanout.publish(Channels.control(userId), new ChannelEvent.SharingChanged(userId, enabled));
        if (!enabled) {
            forget(userId);
        }
    }

    @Override
    public void discoverableChanged(String userId, boolean enabled) {
        fanout.publish(Channels.control(userId), new ChannelEvent.DiscoverableChanged(userId, enabled));
        if (!enabled) {
            leaveCells(userId, cached(userId));
        }
    }

    /** Like sharing off, and the user's sessions learn when sharing resumes by itself. */
    @Override
    public void sharingPaused(String userId, long untilMillis) {
        fanout.publish(Channels.control(userId), new ChannelEvent.SharingPaused(userId, untilMillis));
        forget(userId);
    }

    /**
     * To the user's sessions (their control channel) and to their friends' sessions (their user channel): the alert
     * zone of the cadence counts both friends' alert distances.
     */
    @Override
    public void alertChanged(String userId, int meters) {
        ChannelEvent event = new ChannelEvent.AlertChanged(userId, meters);
        fanout.publish(Channels.control(userId), event);
        fanout.publish(Channels.user(userId), event);
    }

    /**
     * Told to the viewer's sessions only (their control channel), on whatever server they are: each re-reads the
     * committed choice and stops (or resumes) showing the owner. The owner's updates are not touched: their other
     * friends keep seeing them.
     */
    @Override
    public void visibilityChanged(String owner, String viewer) {
        fanout.publish(Channels.control(viewer), new ChannelEvent.VisibilityChanged(viewer, owner));
    }

    /** Deletes the cached location and tells the user's friends that the user is gone. */
    public void forget(String userId) {
        CachedLocation last = cached(userId);
        if (!cache.remove(userId)) {
            LOG.log(System.Logger.Level.WARNING, "could not delete the cached location of a user who turned sharing off"
                    + " (counted in nearby_cache_failures_total); it expires with its TTL");
        }
        fanout.publish(Channels.user(userId), new ChannelEvent.Gone(userId, GoneReason.SHARING_OFF));
        leaveCells(userId, last);
    }

    /** Strangers who show the user drop them (a no-op for watchers who never saw them). */
    private void leaveCells(String userId, CachedLocation last) {
        if (last != null) {
            ChannelEvent gone = new ChannelEvent.Gone(userId, GoneReason.SHARING_OFF);
            tiers.publishCells(new GeoPoint(last.lat(), last.lon())).forEach(c -> fanout.publish(Channels.cell(c), gone));
        }
    }

    private CachedLocation cached(String userId) {
        try {
            return cache.get(userId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read the cached location of " + userId + ": " + e);
            return null;
        }
    }
}
