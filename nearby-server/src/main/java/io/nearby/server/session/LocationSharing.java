package io.nearby.server.session;

import io.nearby.friends.UserProfile;
import io.nearby.geo.LocationFix;
import io.nearby.server.fanout.ChannelEvent;
import io.nearby.server.fanout.Channels;
import io.nearby.server.location.CachedLocation;

/**
 * What one connection does with its own user's location, by the user's two opt-ins: with sharing on, every accepted
 * fix is published on the user's channel and appended to history (both queued, sent by their own threads) while
 * this thread writes the cache (TTL), and, when also
 * discoverable, published on the user's geohash cells. Flag changes heard on the control channel take effect at once.
 * Used under the session lock.
 */
final class LocationSharing {
    private static final System.Logger LOG = System.getLogger(LocationSharing.class.getName());
    private final String userId;
    private final SessionServices s;
    private final StrangerFeed strangers;
    private String name;
    private boolean sharing;
    private boolean discoverable;

    LocationSharing(String userId, SessionServices services, StrangerFeed strangers) {
        this.userId = userId;
        this.s = services;
        this.strangers = strangers;
        this.name = userId;
    }

    /** At init: the flags as stored (a user without a profile shares nothing). */
    void load(UserProfile me) {
        name = me == null ? userId : me.name();
        sharing = me != null && me.sharing();
        discoverable = me != null && me.discoverable();
    }

    boolean discoverable() {
        return discoverable;
    }

    /** Shares {@code fix} if sharing is on: cache write, history append and publishes, none waiting for the others. */
    void share(LocationFix fix, long now) {
        if (!sharing) {
            return;
        }
        CachedLocation loc = new CachedLocation(fix.point().lat(), fix.point().lon(), fix.ts(), now);
        s.history().append(userId, loc.lat(), loc.lon(), loc.ts());
        s.broadcaster().publish(Channels.user(userId), new ChannelEvent.Moved(userId, loc));
        if (discoverable) {
            strangers.publish(loc, name);
        }
        try {
            s.cache().put(userId, loc);
        } catch (RuntimeException e) {
            s.meters().cacheFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "location cache write failed: " + e);
        }
    }

    /**
     * On: friends see the user at once. Off: nothing more is published; watchers of the user's cells drop them; if
     * this connection was sharing, a fix it shared just before it heard the change may have reached the cache and
     * the channel after the REST call cleaned up, so the clean-up is repeated.
     */
    void sharingChanged(boolean enabled, LocationFix own, long now) {
        boolean was = sharing;
        sharing = enabled;
        if (enabled && !was) {
            share(own, now);
        } else if (!enabled) {
            strangers.retract();
            if (was) {
                s.events().forget(userId);
            }
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
