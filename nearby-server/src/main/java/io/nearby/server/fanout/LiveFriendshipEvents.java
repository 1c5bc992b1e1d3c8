package io.nearby.server.fanout;

import io.nearby.friends.FriendshipEvents;
import io.nearby.server.location.LocationCache;
import io.nearby.server.protocol.GoneReason;

/**
 * Tells live sessions on every server about committed REST changes, through control messages on the ring:
 * both users' control channels for friendships; the user's control channel and location channel for
 * sharing. Sharing off also deletes the cached location. (A session that published an update just before it
 * heard "sharing off" repeats the delete and the "gone" itself: see NearbySession.)
 */
public final class LiveFriendshipEvents implements FriendshipEvents {
    private static final System.Logger LOG = System.getLogger(LiveFriendshipEvents.class.getName());

    private final Broadcaster broadcaster;
    private final LocationCache cache;

    public LiveFriendshipEvents(Broadcaster broadcaster, LocationCache cache) {
        this.broadcaster = broadcaster;
        this.cache = cache;
    }

    @Override
    public void friendshipStarted(String a, String b) {
        broadcaster.publish(Channels.control(a), new ChannelEvent.FriendAdded(a, b));
        broadcaster.publish(Channels.control(b), new ChannelEvent.FriendAdded(b, a));
    }

    @Override
    public void friendshipEnded(String a, String b) {
        broadcaster.publish(Channels.control(a), new ChannelEvent.FriendRemoved(a, b));
        broadcaster.publish(Channels.control(b), new ChannelEvent.FriendRemoved(b, a));
    }

    @Override
    public void sharingChanged(String userId, boolean enabled) {
        broadcaster.publish(Channels.control(userId), new ChannelEvent.SharingChanged(userId, enabled));
        if (!enabled) {
            forget(userId);
        }
    }

    @Override
    public void discoverableChanged(String userId, boolean enabled) {
        broadcaster.publish(Channels.control(userId), new ChannelEvent.DiscoverableChanged(userId, enabled));
    }

    /** Deletes the cached location and tells the user's friends that the user is gone. */
    public void forget(String userId) {
        try {
            cache.remove(userId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete the cached location of a user who turned sharing off: " + e);
        }
        broadcaster.publish(Channels.user(userId), new ChannelEvent.Gone(userId, GoneReason.SHARING_OFF));
    }
}
