package io.nearby.server.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nearby.friends.UserProfile;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.NearBox;
import io.nearby.geo.Radius;
import io.nearby.server.config.CadenceRules;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.GoneReason;
import io.nearby.server.protocol.ServerMessage;

/**
 * What one connection knows about its user's friends, and which of them the client currently shows — a pure
 * state machine (no I/O, no clock, no threads: callers pass {@code now} and serialise every call), so the event
 * rules can be tested exactly:
 * <ul>
 *   <li>a friend is <em>visible</em> when their latest location is active (received less than the inactivity
 *       timeout ago) and within the radius of this user's latest location, and the client has not muted them;</li>
 *   <li>every update of a visible friend → {@code friend_location}; becoming invisible →
 *       {@code friend_gone} with the reason; a friend who was never visible disappears silently;</li>
 *   <li>when this user moves, friends who enter or leave the radius change visibility (no message for friends
 *       who stay visible: their own next update carries the new distance);</li>
 *   <li>a friend who hides their location from this user is never visible, whatever arrives (channel, cache, page,
 *       subscribe); hiding a shown friend is {@code friend_gone sharing_off}, indistinguishable from the friend
 *       turning sharing off;</li>
 *   <li>with a proximity alert distance set, a visible friend who comes within it → {@code friend_nearby} once; the
 *       next one only after the friend was seen farther than the exit distance ({@link #ALERT_HYSTERESIS} times the
 *       alert distance, at most the radius) or stopped being visible;</li>
 *   <li>for the cadence ({@link Cadence}): the earliest any friend the user may see could be within the radius
 *       ({@link #earliestEntry}), and whether a friend the user sees is within the alert zone
 *       ({@link #inAlertZoneAtOwnMove}, {@link #inAlertZone(String)}).</li>
 * </ul>
 * One flat record per friend; an update of a hidden friend far away (nine in ten, by the seed's numbers) costs a map
 * lookup, the newer-than check and a bounding-box test ({@link NearBox}), no haversine and no allocation.
 */
final class FriendView {
    /** One friend: the profile (shared, never copied), the latest known location and what the client shows. */
    private static final class Friend {
        UserProfile profile;
        CachedLocation loc;
        boolean visible;
        boolean muted;
        /** The friend hides their location from this user. */
        boolean hidden;
        /** Within the alert distance since the last friend_nearby (no new alert until beyond the exit distance). */
        boolean near;
        double distance;

        Friend(UserProfile profile) {
            this.profile = profile;
        }
    }

    /** A friend must be this many times the alert distance away before coming near again alerts again. */
    static final double ALERT_HYSTERESIS = io.nearby.server.config.NearbyRules.ALERT_HYSTERESIS;

    private final Radius radius;
    private final long inactiveMillis;
    /** 0 = no proximity alerts. */
    private double alertMeters;
    private double alertExitMeters;
    private final IdTable<Friend> friends = new IdTable<>(f -> f.profile.id());
    private int visibleCount;
    /**
     * No visible friend expires before this (ms): lowered when a friend is shown, made exact by {@link #expire} and
     * {@link #reset}; a bound that is too early only costs one early tick.
     */
    private long expiryBound = Long.MAX_VALUE;
    private GeoPoint own;
    private NearBox box;
    /** Some friend was within the alert zone when {@link #own} was last set ({@link #reset}, {@link #ownMoved}). */
    private boolean alertZoneAtOwnMove;
    /** The cadence's closing speed (m/ms); 0 when the cadence is off. */
    private final double closingMetersPerMilli;
    /** Friends farther than this cannot shorten the longest interval (see {@link #earliestEntry}); 0 when off. */
    private final double reachMeters;
    private NearBox reachBox;

    FriendView(Radius radius, long inactiveMillis) {
        this(radius, inactiveMillis, CadenceRules.OFF);
    }

    FriendView(Radius radius, long inactiveMillis, CadenceRules cadence) {
        this.radius = radius;
        this.inactiveMillis = inactiveMillis;
        this.closingMetersPerMilli = cadence.enabled() ? cadence.metersPerMilli() : 0;
        // a friend's update is at most inactiveMillis old, so one beyond this cannot enter before now + longest
        this.reachMeters = cadence.enabled()
                ? radius.meters() + closingMetersPerMilli * (cadence.longest().toMillis() + inactiveMillis) : 0;
    }

    boolean isFriend(String id) {
        return friends.contains(id);
    }

    /** The friend's profile as this view holds it, or null for someone who is not a friend. */
    UserProfile profileOf(String id) {
        Friend f = friends.get(id);
        return f == null ? null : f.profile;
    }

    /** The friends' ids (a copy). */
    Set<String> friendIds() {
        Set<String> ids = new HashSet<>(friends.size() * 2);
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f != null) {
                ids.add(f.profile.id());
            }
        }
        return ids;
    }

    /**
     * Makes these the friends (init): friends who stay keep what is known of them, others are forgotten. Called before
     * their channels are subscribed, so an update arriving from then on is recorded and merged by {@link #reset}.
     */
    void befriend(Collection<UserProfile> profiles) {
        Map<String, UserProfile> byId = new HashMap<>();
        profiles.forEach(p -> byId.put(p.id(), p));
        friends.retainIds(byId::containsKey);
        byId.values().forEach(this::befriend);
        visibleCount = 0;
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f != null && f.visible) {
                visibleCount++;
            }
        }
    }

    /** One new friend (or a fresher profile of a known one), before their channel is subscribed. */
    void befriend(UserProfile profile) {
        Friend f = friends.get(profile.id());
        if (f == null) {
            friends.put(new Friend(profile));
        } else {
            f.profile = profile;
        }
    }

    /**
     * Replaces the friends and this user's position (init) and computes who is visible from the cached locations.
     * Positions already known from channels are kept when newer than the cache's. Nothing is sent: the caller answers
     * with page 0.
     */
    void reset(GeoPoint ownPosition, Collection<UserProfile> profiles, Map<String, CachedLocation> locations, long now) {
        befriend(profiles);
        moveTo(ownPosition);
        visibleCount = 0;
        boolean zone = false;
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f == null) {
                continue;
            }
            f.muted = false;
            CachedLocation cached = locations.get(f.profile.id());
            if (cached != null) {
                f.loc = f.loc == null ? cached : newer(f.loc, cached);
            }
            f.visible = false;
            f.near = false;
            if (f.loc != null && shows(f, now)) {
                show(f);
                f.near = alertMeters > 0 && f.distance <= alertMeters; // already near: not a crossing
                zone |= inAlertZone(f);
            }
        }
        alertZoneAtOwnMove = zone;
        recomputeExpiry();
    }

    /**
     * The proximity alert distance (0 = off). Friends already within it count as near without an alert: an alert is
     * for a friend who comes near, not for one who is.
     */
    void alertMeters(double meters) {
        alertMeters = meters;
        alertExitMeters = Math.min(meters * ALERT_HYSTERESIS, radius.meters());
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f != null) {
                f.near = meters > 0 && f.visible && f.distance <= meters;
            }
        }
    }

    /** Marks who hides from this user (init, before {@link #reset}): those are never visible. */
    void hiddenBy(Set<String> ids) {
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f != null) {
                f.hidden = ids.contains(f.profile.id());
            }
        }
    }

    /** The friend now hides from this user: {@code friend_gone sharing_off} if shown (the reason a pause gives too). */
    List<ServerMessage> hideFrom(String id) {
        Friend f = friends.get(id);
        if (f == null) {
            return List.of();
        }
        f.hidden = true;
        return f.visible ? hide(id, f, GoneReason.SHARING_OFF) : List.of();
    }

    /** The friend shows this user their location again: visible at once if active and in range. */
    List<ServerMessage> reveal(String id, CachedLocation loc, long now) {
        Friend f = friends.get(id);
        if (f == null || !f.hidden) {
            return List.of();
        }
        f.hidden = false;
        if (loc != null) {
            f.loc = f.loc == null ? loc : newer(f.loc, loc);
        }
        return own == null || f.loc == null ? List.of() : settle(id, f, now, true);
    }

    boolean isHidden(String id) {
        Friend f = friends.get(id);
        return f != null && f.hidden;
    }

    /**
     * A friend's update arrived (channel or cache): {@code friend_location} if visible now, {@code friend_gone} if it
     * just stopped being visible. An update older than the one known, or the very same one again, changes nothing.
     */
    List<ServerMessage> moved(String id, CachedLocation loc, long now) {
        Friend f = friends.get(id);
        if (f == null || (f.loc != null && newer(f.loc, loc) != loc)) {
            return List.of();
        }
        f.loc = loc;
        if (own == null) {
            return List.of(); // before the first init: recorded, shown by reset
        }
        return settle(id, f, now, true);
    }

    /**
     * Shows or hides {@code f} at its known position: {@code friend_location} when it becomes visible (or on every
     * update when {@code announce}), {@code friend_gone} when it stops being visible.
     */
    /**
     * For the alert interval of the cadence, asked right after the user's own update: whether some friend the user
     * sees was within the <em>alert zone</em> of the two — the exit distance ({@link #ALERT_HYSTERESIS} times the
     * larger of the two alert distances, at most the radius) — when {@link #reset} or {@link #ownMoved} last placed
     * the user. Found by their loop over the friends (a scan of its own cost 8–18% of {@code ownMoved}:
     * docs/microbenchmarks.md); friends' later updates are not reflected: {@link #inAlertZone(String)} is for those.
     */
    boolean inAlertZoneAtOwnMove() {
        return alertZoneAtOwnMove;
    }

    /** Whether this friend is within the alert zone (see {@link #inAlertZoneAtOwnMove}), after their update: O(1). */
    boolean inAlertZone(String id) {
        Friend f = friends.get(id);
        return f != null && inAlertZone(f);
    }

    private boolean inAlertZone(Friend f) {
        if (!f.visible) {
            return false;
        }
        double meters = Math.max(alertMeters, f.profile.alertMeters());
        return meters > 0 && f.distance <= Math.min(meters * ALERT_HYSTERESIS, radius.meters());
    }

    private List<ServerMessage> settle(String id, Friend f, long now, boolean announce) {
        boolean wasShown = f.visible;
        if (!shows(f, now)) {
            return wasShown ? hide(id, f, active(f.loc, now) ? GoneReason.OUT_OF_RANGE : GoneReason.INACTIVE) : List.of();
        }
        show(f);
        ServerMessage alert = alertMeters > 0 ? crossing(id, f) : null;
        if (alert != null) {
            return announce || !wasShown ? List.of(location(id, f), alert) : List.of(alert);
        }
        return announce || !wasShown ? List.of(location(id, f)) : List.of();
    }

    /** For a visible friend at a fresh distance: {@code friend_nearby} if they just came within the alert distance. */
    private ServerMessage crossing(String id, Friend f) {
        if (f.near) {
            if (f.distance > alertExitMeters) {
                f.near = false;
            }
            return null;
        }
        if (f.distance > alertMeters) {
            return null;
        }
        f.near = true;
        return new ServerMessage.FriendNearby(id, f.profile.name(), f.distance, f.loc.ts());
    }

    /** The friend disappeared (a "gone" on their channel, or no position after a resubscription): forgotten, hidden. */
    List<ServerMessage> gone(String id, GoneReason reason) {
        Friend f = friends.get(id);
        if (f == null) {
            return List.of();
        }
        f.loc = null;
        return f.visible ? hide(id, f, reason) : List.of();
    }

    /** This user moved: friends who enter or leave the radius change visibility. */
    List<ServerMessage> ownMoved(GeoPoint position, long now) {
        moveTo(position);
        List<ServerMessage> out = null;
        boolean zone = false;
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f == null || f.loc == null) {
                continue;
            }
            List<ServerMessage> change = settle(f.profile.id(), f, now, false);
            zone |= inAlertZone(f);
            if (!change.isEmpty()) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.addAll(change);
            }
        }
        alertZoneAtOwnMove = zone;
        return out == null ? List.of() : out;
    }

    /** Visible friends whose latest update is older than the inactivity timeout disappear. */
    List<ServerMessage> expire(long now) {
        if (visibleCount == 0) {
            expiryBound = Long.MAX_VALUE;
            return List.of();
        }
        List<ServerMessage> out = new ArrayList<>();
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f != null && f.visible && !active(f.loc, now)) {
                f.loc = null;
                out.addAll(hide(f.profile.id(), f, GoneReason.INACTIVE));
            }
        }
        recomputeExpiry();
        return out;
    }

    /**
     * No visible friend becomes inactive before this time (ms) if nothing arrives; Long.MAX_VALUE when none is visible.
     * O(1): a bound kept as friends are shown, exact after {@link #expire}.
     */
    long nextExpiry() {
        return visibleCount == 0 ? Long.MAX_VALUE : expiryBound;
    }

    private void recomputeExpiry() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f != null && f.visible) {
                next = Math.min(next, f.loc.receivedAt() + inactiveMillis);
            }
        }
        expiryBound = next;
    }

    /** A new mutual friend: shown at once if active and within the radius. */
    List<ServerMessage> addFriend(UserProfile profile, CachedLocation loc, long now) {
        befriend(profile);
        return loc == null ? List.of() : moved(profile.id(), loc, now);
    }

    List<ServerMessage> removeFriend(String id) {
        Friend f = friends.remove(id);
        if (f == null || !f.visible) {
            return List.of();
        }
        visibleCount--;
        return List.of(new ServerMessage.FriendGone(id, GoneReason.UNFRIENDED));
    }

    /** The client asked for no more updates of this friend: dropped from the view without a message. */
    void mute(String id) {
        Friend f = friends.get(id);
        if (f != null) {
            f.muted = true;
            f.near = false;
            if (f.visible) {
                f.visible = false;
                visibleCount--;
            }
        }
    }

    List<ServerMessage> unmute(String id, CachedLocation loc, long now) {
        Friend f = friends.get(id);
        if (f == null) {
            return List.of();
        }
        f.muted = false;
        if (loc != null) {
            f.loc = f.loc == null ? loc : newer(f.loc, loc);
        }
        return own == null || f.loc == null ? List.of() : settle(id, f, now, true);
    }

    boolean isMuted(String id) {
        Friend f = friends.get(id);
        return f != null && f.muted;
    }

    /** Page {@code page} of the visible friends, nearest first (ties by id, so pages are stable). */
    ServerMessage.Nearby page(int page, int pageSize) {
        List<Friend> order = new ArrayList<>(visibleCount);
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f != null && f.visible) {
                order.add(f);
            }
        }
        order.sort((a, b) -> {
            int byDistance = Double.compare(a.distance, b.distance);
            return byDistance != 0 ? byDistance : a.profile.id().compareTo(b.profile.id());
        });
        int from = (int) Math.min((long) page * pageSize, order.size());
        int to = Math.min(from + pageSize, order.size());
        List<ServerMessage.NearbyFriend> entries = new ArrayList<>(to - from);
        for (Friend f : order.subList(from, to)) {
            entries.add(new ServerMessage.NearbyFriend(f.profile.id(), f.profile.name(), f.profile.avatarUrl(), f.loc.lat(),
                    f.loc.lon(), f.distance, f.loc.ts()));
        }
        return new ServerMessage.Nearby(page, pageSize, order.size(), entries);
    }

    private void moveTo(GeoPoint position) {
        own = position;
        box = NearBox.around(position, radius.meters());
        if (reachMeters > 0) {
            reachBox = NearBox.around(position, reachMeters);
        }
    }

    /**
     * For the cadence: the earliest time (ms) any friend this user may see (known, active, not muted, not hiding from
     * the user) could be within the radius, if the two close in at the cadence's speed from the older of their two
     * latest updates; {@code Long.MAX_VALUE} if none could within the longest interval (or the cadence is off).
     * Friends hiding from the user never count: a shorter interval would tell the user that one of them is near.
     *
     * @param ownAt when this user's latest update was received (ms, the server's clock)
     */
    long earliestEntry(long ownAt, long now) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < friends.slots(); i++) {
            Friend f = friends.slot(i);
            if (f != null) {
                earliest = Math.min(earliest, entry(f, ownAt, now));
            }
        }
        return earliest;
    }

    /** {@link #earliestEntry} for one friend (after their update, or a change of whether the user sees them). */
    long earliestEntry(String id, long ownAt, long now) {
        Friend f = friends.get(id);
        return f == null ? Long.MAX_VALUE : entry(f, ownAt, now);
    }

    private long entry(Friend f, long ownAt, long now) {
        if (own == null || reachBox == null || f.loc == null || f.muted || f.hidden || !active(f.loc, now)) {
            return Long.MAX_VALUE;
        }
        long older = Math.min(ownAt, f.loc.receivedAt());
        if (f.visible) {
            return older;
        }
        if (!reachBox.mayContain(f.loc.lat(), f.loc.lon())) {
            return Long.MAX_VALUE;
        }
        double gap = GreatCircle.meters(own.lat(), own.lon(), f.loc.lat(), f.loc.lon()) - radius.meters();
        return gap <= 0 ? older : older + (long) (gap / closingMetersPerMilli);
    }

    /** Visible at its known position now? Computes (and keeps) the distance only when the box does not rule it out. */
    private boolean shows(Friend f, long now) {
        if (f.muted || f.hidden || !active(f.loc, now) || !box.mayContain(f.loc.lat(), f.loc.lon())) {
            return false;
        }
        f.distance = GreatCircle.meters(own.lat(), own.lon(), f.loc.lat(), f.loc.lon());
        return radius.contains(f.distance);
    }

    private void show(Friend f) {
        if (!f.visible) {
            f.visible = true;
            visibleCount++;
        }
        expiryBound = Math.min(expiryBound, f.loc.receivedAt() + inactiveMillis);
    }

    private List<ServerMessage> hide(String id, Friend f, GoneReason reason) {
        f.visible = false;
        f.near = false;
        visibleCount--;
        return List.of(new ServerMessage.FriendGone(id, reason));
    }

    private boolean active(CachedLocation loc, long now) {
        return now - loc.receivedAt() < inactiveMillis;
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

    private static ServerMessage location(String id, Friend f) {
        return new ServerMessage.FriendLocation(id, f.profile.name(), f.loc.lat(), f.loc.lon(), f.distance, f.loc.ts());
    }
}
