package io.nearby.server.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.nearby.friends.UserProfile;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.Radius;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.GoneReason;
import io.nearby.server.protocol.ServerMessage;

/**
 * What one connection knows about its user's friends, and which of them the client currently shows — a pure
 * state machine (no I/O, no clock: callers pass {@code now}), so the event rules can be tested exactly:
 * <ul>
 *   <li>a friend is <em>visible</em> when their latest location is active (received less than the inactivity
 *       timeout ago) and within the radius of this user's latest location, and the client has not muted them;</li>
 *   <li>every update of a visible friend → {@code friend_location}; becoming invisible →
 *       {@code friend_gone} with the reason; a friend who was never visible disappears silently;</li>
 *   <li>when this user moves, friends who enter or leave the radius change visibility (no message for friends
 *       who stay visible: their own next update carries the new distance).</li>
 * </ul>
 * Threading: the owning session serialises every method, except {@link #accept} and {@link #forget}, which the
 * Pub/Sub reader thread calls first so that an update which cannot change what the client sees (a friend out of
 * range who was not shown — nine in ten, by the seed's numbers) never wakes the session. Hence the concurrent maps
 * and the volatile position; the invariant is that an update is either handled by the session or leaves nothing to
 * send (see {@link #settle}).
 */
final class FriendView {
    private final Radius radius;
    private final long inactiveMillis;
    private final Map<String, UserProfile> friends = new ConcurrentHashMap<>();
    private final Map<String, CachedLocation> known = new ConcurrentHashMap<>();
    private final Map<String, Double> visible = new ConcurrentHashMap<>();
    private final Set<String> muted = ConcurrentHashMap.newKeySet();
    private volatile GeoPoint own;

    FriendView(Radius radius, long inactiveMillis) {
        this.radius = radius;
        this.inactiveMillis = inactiveMillis;
    }

    boolean isFriend(String id) {
        return friends.containsKey(id);
    }

    /**
     * Makes these the friends (init), before their channels are subscribed, so that an update arriving from then on is
     * recorded by {@link #accept} and merged by {@link #reset}. Friends who stay are never missing meanwhile.
     */
    void befriend(Collection<UserProfile> profiles) {
        Set<String> ids = new HashSet<>();
        profiles.forEach(p -> ids.add(p.id()));
        friends.keySet().retainAll(ids);
        profiles.forEach(p -> friends.put(p.id(), p));
    }

    /** One new friend, before their channel is subscribed (see {@link #befriend(Collection)}). */
    void befriend(UserProfile profile) {
        friends.put(profile.id(), profile);
    }

    /**
     * Replaces the friends and this user's position (init) and computes who is visible from the cached locations.
     * Positions already known from channels are kept when newer than the cache's.
     */
    void reset(GeoPoint ownPosition, Collection<UserProfile> profiles, Map<String, CachedLocation> locations, long now) {
        befriend(profiles);
        known.keySet().retainAll(friends.keySet());
        visible.clear();
        muted.clear();
        own = ownPosition;
        locations.forEach((id, loc) -> {
            if (friends.containsKey(id)) {
                known.merge(id, loc, FriendView::newer);
            }
        });
        known.forEach((id, loc) -> {
            double d = distanceTo(loc);
            if (shows(id, loc, d, now)) {
                visible.put(id, d);
            }
        });
    }

    /**
     * Any thread (the Pub/Sub reader): records a friend's update and says whether the session must handle it —
     * only if the friend is shown now, or the update is within the radius of this user's latest position.
     */
    boolean accept(String id, CachedLocation loc) {
        if (!friends.containsKey(id) || known.merge(id, loc, FriendView::newer) != loc) {
            return false;
        }
        GeoPoint me = own;
        return visible.containsKey(id) || me != null && !muted.contains(id) && radius.contains(distanceTo(me, loc));
    }

    /** Any thread: the friend disappeared; true if they were shown (the session must say so). */
    boolean forget(String id) {
        known.remove(id);
        return visible.containsKey(id);
    }

    /** A friend's update arrived (channel or cache). If a newer one is already known, that one is or was handled. */
    List<ServerMessage> moved(String id, CachedLocation loc, long now) {
        if (!friends.containsKey(id) || own == null || known.merge(id, loc, FriendView::newer) != loc) {
            return List.of();
        }
        return settle(id, now, true);
    }

    /**
     * Shows or hides {@code id} at its latest known position: {@code friend_location} when it becomes visible (or on
     * every update when {@code announce}), {@code friend_gone} when it stops being visible. After showing, the known
     * position is read again: an update that the reader thread judged (before the friend became visible) to change
     * nothing is caught here. A position forgotten meanwhile (a "gone" on the channel) is left to that event.
     */
    private List<ServerMessage> settle(String id, long now, boolean announce) {
        boolean wasShown = visible.containsKey(id);
        CachedLocation loc = known.get(id);
        for (int round = 0; loc != null; round++) {
            double d = distanceTo(loc);
            if (!shows(id, loc, d, now)) {
                return hide(id, active(loc, now) ? GoneReason.OUT_OF_RANGE : GoneReason.INACTIVE);
            }
            visible.put(id, d);
            CachedLocation latest = known.get(id);
            if (latest == loc || latest == null || round == 2) {
                return announce || !wasShown ? List.of(location(id, loc, d)) : List.of();
            }
            loc = latest;
        }
        return List.of();
    }

    /** The friend disappeared for the given reason (sharing off, no cached position after a resubscription...). */
    List<ServerMessage> gone(String id, GoneReason reason) {
        return hide(id, reason);
    }

    /** This user moved: friends who enter or leave the radius change visibility. */
    List<ServerMessage> ownMoved(GeoPoint position, long now) {
        own = position;
        List<ServerMessage> out = new ArrayList<>();
        for (String id : known.keySet()) {
            out.addAll(settle(id, now, false));
        }
        return out;
    }

    /** Visible friends whose latest update is older than the inactivity timeout disappear. */
    List<ServerMessage> expire(long now) {
        List<ServerMessage> out = new ArrayList<>();
        for (String id : List.copyOf(visible.keySet())) {
            CachedLocation loc = known.get(id);
            if (loc == null || !active(loc, now)) {
                if (loc != null) {
                    known.remove(id, loc);
                }
                out.addAll(hide(id, GoneReason.INACTIVE));
            }
        }
        return out;
    }

    /** When the next visible friend becomes inactive if nothing arrives (ms), or Long.MAX_VALUE. */
    long nextExpiry() {
        long next = Long.MAX_VALUE;
        for (String id : visible.keySet()) {
            CachedLocation loc = known.get(id);
            next = Math.min(next, loc == null ? 0 : loc.receivedAt() + inactiveMillis);
        }
        return next;
    }

    GeoPoint own() {
        return own;
    }

    /** A new mutual friend: shown at once if active and within the radius. */
    List<ServerMessage> addFriend(UserProfile profile, CachedLocation loc, long now) {
        befriend(profile);
        return loc == null ? List.of() : moved(profile.id(), loc, now);
    }

    List<ServerMessage> removeFriend(String id) {
        friends.remove(id);
        muted.remove(id);
        known.remove(id);
        return hide(id, GoneReason.UNFRIENDED);
    }

    /** The client asked for no more updates of this friend: dropped from the view without a message. */
    void mute(String id) {
        muted.add(id);
        visible.remove(id);
    }

    List<ServerMessage> unmute(String id, CachedLocation loc, long now) {
        muted.remove(id);
        if (loc != null && friends.containsKey(id)) {
            known.merge(id, loc, FriendView::newer);
        }
        return friends.containsKey(id) && own != null ? settle(id, now, true) : List.of();
    }

    boolean isMuted(String id) {
        return muted.contains(id);
    }

    /** Page {@code page} of the visible friends, nearest first (ties by id, so pages are stable). */
    ServerMessage.Nearby page(int page, int pageSize) {
        List<String> order = new ArrayList<>(visible.keySet());
        order.sort(Comparator.<String>comparingDouble(visible::get).thenComparing(Comparator.naturalOrder()));
        int from = (int) Math.min((long) page * pageSize, order.size());
        int to = Math.min(from + pageSize, order.size());
        List<ServerMessage.NearbyFriend> entries = new ArrayList<>(to - from);
        for (String id : order.subList(from, to)) {
            UserProfile p = friends.get(id);
            CachedLocation loc = known.get(id);
            entries.add(new ServerMessage.NearbyFriend(id, p.name(), p.avatarUrl(), loc.lat(), loc.lon(), visible.get(id), loc.ts()));
        }
        return new ServerMessage.Nearby(page, pageSize, order.size(), entries);
    }

    private boolean shows(String id, CachedLocation loc, double distance, long now) {
        return !muted.contains(id) && active(loc, now) && radius.contains(distance);
    }

    private boolean active(CachedLocation loc, long now) {
        return now - loc.receivedAt() < inactiveMillis;
    }

    private double distanceTo(CachedLocation loc) {
        return distanceTo(own, loc);
    }

    private static double distanceTo(GeoPoint from, CachedLocation loc) {
        return GreatCircle.meters(from.lat(), from.lon(), loc.lat(), loc.lon());
    }

    /**
     * The later of two updates: by the time the server received them, then by the client's time; on a tie the arriving
     * one (a channel delivers a user's updates in order), unless it is the very same update (read from the cache, then
     * received on the channel), which is kept as known so that it is not announced twice.
     */
    private static CachedLocation newer(CachedLocation known, CachedLocation arriving) {
        int order = Long.compare(arriving.receivedAt(), known.receivedAt());
        if (order == 0) {
            order = Long.compare(arriving.ts(), known.ts());
        }
        return order > 0 || order == 0 && !arriving.equals(known) ? arriving : known;
    }

    private List<ServerMessage> hide(String id, GoneReason reason) {
        return visible.remove(id) != null ? List.of(new ServerMessage.FriendGone(id, reason)) : List.of();
    }

    private ServerMessage location(String id, CachedLocation loc, double distance) {
        return new ServerMessage.FriendLocation(id, friends.get(id).name(), loc.lat(), loc.lon(), distance, loc.ts());
    }
}
