package io.nearby.server.session;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.nearby.friends.UserProfile;
import io.nearby.geo.LocationFix;
import io.nearby.server.fanout.ChannelEvent;
import io.nearby.server.fanout.Channels;
import io.nearby.server.location.CachedLocation;

/**
 * What one connection does with its own user's location, by the user's two opt-ins: with sharing on, every accepted
 * fix is cached (TTL), published on the user's channel and appended to history — in parallel — and, when also
 * discoverable, published on the user's geohash cells. Flag changes heard on the control channel take effect at once.
 * Used under the session lock.
 */
final class LocationSharing {
    private static final System.Logger LOG = System.getLogger(LocationSharing.class.getName());
    /** A fix shared this recently may have raced a "sharing off": the clean-up is repeated. */
    private static final long RECENT_SHARE_MILLIS = 2_000;

    private final String userId;
    private final SessionServices s;
    private final StrangerFeed strangers;
    private String name;
    private boolean sharing;
    private boolean discoverable;
    private long lastSharedAt;

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
        lastSharedAt = now;
        Future<?> cached = s.async().submit(() -> s.cache().put(userId, loc));
        s.history().append(userId, loc.lat(), loc.lon(), loc.ts());
        s.broadcaster().publish(Channels.user(userId), new ChannelEvent.Moved(userId, loc));
        if (discoverable) {
            strangers.publish(loc, name);
        }
        try {
            cached.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.meters().cacheFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "location cache write failed: " + e);
        }
    }

    /**
     * On: friends see the user at once. Off: nothing more is published; watchers of the user's cells drop them; if
     * this connection shared a fix just before it heard the change, that fix may have reached the cache and the
     * channel after the REST call cleaned up, so the clean-up is repeated.
     */
    void sharingChanged(boolean enabled, LocationFix own, long now) {
        boolean was = sharing;
        sharing = enabled;
        if (enabled && !was) {
            share(own, now);
        } else if (!enabled) {
            strangers.retract();
            if (now - lastSharedAt < RECENT_SHARE_MILLIS) {
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
