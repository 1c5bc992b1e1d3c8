package io.nearby.server.session;

import io.nearby.friends.UserProfile;
import io.nearby.geo.LocationFix;
import io.nearby.history.LocationHistory;
import io.nearby.server.fanout.ChannelEvent;
import io.nearby.server.fanout.Channels;
import io.nearby.server.fanout.Fanout;
import io.nearby.server.fanout.LiveFriendshipEvents;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.location.LocationStore;

/**
 * What one connection does with its own user's location, by the user's two opt-ins: with sharing on, every accepted
 * fix is written to the cache (TTL), published on the user's channel and appended to history — all three queued for
 * their own threads, none waiting for the others or for Redis (the cache write is queued first, so where the cache
 * and the channel's node are the same Redis the write and the publish share a pipeline and a friend who reads the
 * cache after the publish finds the new position) — and, when also discoverable, published on the user's geohash
 * cells. Flag changes heard on the control channel take effect at once. Used under the session lock.
 *
 * <p>Ghost mode (sharing paused until a time): nothing at all is shared while it lasts — no cache write, no publish,
 * no history point, no cell — and it ends by itself with the first fix accepted at or after that time whose own
 * timestamp is at or after it too, so no position taken during the pause is ever shared. Turning sharing on during a
 * pause ends it the same way (the next fix is shared, not the latest one, which was taken during the pause).
 */
final class LocationSharing {
    private final String userId;
    private final LocationStore cache;
    private final LocationHistory history;
    private final Fanout fanout;
    private final LiveFriendshipEvents events;
    private final StrangerFeed strangers;
    private String name;
    private boolean sharing;
    private boolean discoverable;
    /** With sharing off: when a pause ends by itself (ms since the epoch); 0 = not paused. */
    private long resumeAt;

    LocationSharing(String userId, LocationStore cache, LocationHistory history, Fanout fanout,
            LiveFriendshipEvents events, StrangerFeed strangers) {
        this.userId = userId;
        this.cache = cache;
        this.history = history;
        this.fanout = fanout;
        this.events = events;
        this.strangers = strangers;
        this.name = userId;
    }

    /** At init: the flags as stored (a user without a profile shares nothing). */
    void load(UserProfile me) {
        name = me == null ? userId : me.name();
        sharing = me != null && me.sharing();
        discoverable = me != null && me.discoverable();
        resumeAt = me != null && !me.sharing() && me.sharingUntil() != null ? me.sharingUntil() : 0;
    }

    boolean sharing() {
        return sharing;
    }

    boolean discoverable() {
        return discoverable;
    }

    /**
     * Shares {@code fix} if sharing is on, or if it ends a pause: cache write, publish and history append, all queued.
     *
     * @return true when this fix ended a pause (the user shares, and so sees friends, again)
     */
    boolean share(LocationFix fix, long now) {
        boolean resumed = false;
        if (!sharing) {
            if (resumeAt == 0 || now < resumeAt || fix.ts() < resumeAt) {
                return false;
            }
            sharing = true;
            resumeAt = 0;
            resumed = true;
        }
        CachedLocation loc = new CachedLocation(fix.point().lat(), fix.point().lon(), fix.ts(), now);
        cache.put(userId, loc);
        fanout.publish(Channels.user(userId), new ChannelEvent.Moved(userId, loc));
        history.append(userId, loc.lat(), loc.lon(), loc.ts());
        if (discoverable) {
            strangers.publish(loc, name);
        }
        return resumed;
    }

    /**
     * On: friends see the user at once. Off: nothing more is published; watchers of the user's cells drop them; if
     * this connection was sharing, a fix it shared just before it heard the change may have reached the cache and
     * the channel after the REST call cleaned up, so the clean-up is repeated.
     */
    void sharingChanged(boolean enabled, LocationFix own, long now) {
        boolean was = sharing;
        boolean paused = resumeAt != 0;
        sharing = enabled;
        resumeAt = 0;
        if (enabled && !was && !paused) {
            share(own, now);
        } else if (!enabled) {
            strangers.retract();
            if (was) {
                events.forget(userId);
            }
        }
    }

    /**
     * Paused until {@code untilMillis}: like sharing off (and the same repeated clean-up), and the pause ends by itself
     * then ({@link #share}).
     */
    void sharingPaused(long untilMillis) {
        boolean was = sharing;
        sharing = false;
        resumeAt = untilMillis;
        strangers.retract();
        if (was) {
            events.forget(userId);
        }
    }

    /** Off: the user is neither shown to strangers nor shown strangers any more. On: shown at once if sharing. */
    void discoverableChanged(boolean enabled, LocationFix own, long now) {
        boolean was = discoverable;
        discoverable = enabled;
        if (!enabled && was) {
            strangers.retract();
            strangers.stop();
        } else if (enabled && !was && sharing) {
            strangers.publish(new CachedLocation(own.point().lat(), own.point().lon(), own.ts(), now), name);
        }
    }
}
