package io.nearby.server.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Not thread-safe: the owning session serialises access.
 */
final class FriendView {
    private final Radius radius;
    private final long inactiveMillis;
    private final Map<String, UserProfile> friends = new HashMap<>();
    private final Map<String, CachedLocation> known = new HashMap<>();
    private final Map<String, Double> visible = new HashMap<>();
    private final Set<String> muted = new HashSet<>();
    private GeoPoint own;

    FriendView(Radius radius, long inactiveMillis) {
        this.radius = radius;
        this.inactiveMillis = inactiveMillis;
    }

    boolean isFriend(String id) {
        return friends.containsKey(id);
    }

    Set<String> friendIds() {
        return Set.copyOf(friends.keySet());
    }

    /** Replaces everything (init): friends with their profiles and their cached locations; visible ones are computed. */
    void reset(GeoPoint ownPosition, Collection<UserProfile> profiles, Map<String, CachedLocation> locations, long now) {
        friends.clear();
        known.clear();
        visible.clear();
        muted.clear();
        own = ownPosition;
        profiles.forEach(p -> friends.put(p.id(), p));
        locations.forEach((id, loc) -> {
            if (friends.containsKey(id)) {
                known.put(id, loc);
                double d = distanceTo(loc);
                if (shows(id, loc, d, now)) {
                    visible.put(id, d);
                }
            }
        });
    }

    /** A friend's update arrived (channel or cache). Older than what is known → ignored. */
    List<ServerMessage> moved(String id, CachedLocation loc, long now) {
        if (!friends.containsKey(id) || own == null) {
            return List.of();
        }
        CachedLocation previous = known.get(id);
        if (previous != null && previous.receivedAt() > loc.receivedAt()) {
            return List.of();
        }
        known.put(id, loc);
        double d = distanceTo(loc);
        if (shows(id, loc, d, now)) {
            visible.put(id, d);
            return List.of(location(id, loc, d));
        }
        return hide(id, GoneReason.OUT_OF_RANGE);
    }

    /** The friend disappeared for the given reason (sharing off, unknown position after a resubscription...). */
    List<ServerMessage> gone(String id, GoneReason reason) {
        known.remove(id);
        return hide(id, reason);
    }

    /** This user moved: friends who enter or leave the radius change visibility. */
    List<ServerMessage> ownMoved(GeoPoint position, long now) {
        own = position;
        List<ServerMessage> out = new ArrayList<>();
        for (Map.Entry<String, CachedLocation> e : known.entrySet()) {
            String id = e.getKey();
            double d = distanceTo(e.getValue());
            boolean show = shows(id, e.getValue(), d, now);
            boolean shown = visible.containsKey(id);
            if (show) {
                visible.put(id, d);
                if (!shown) {
                    out.add(location(id, e.getValue(), d));
                }
            } else if (shown) {
                out.addAll(hide(id, active(e.getValue(), now) ? GoneReason.OUT_OF_RANGE : GoneReason.INACTIVE));
            }
        }
        return out;
    }

    /** Visible friends whose latest update is older than the inactivity timeout disappear. */
    List<ServerMessage> expire(long now) {
        List<ServerMessage> out = new ArrayList<>();
        for (String id : List.copyOf(visible.keySet())) {
            CachedLocation loc = known.get(id);
            if (loc == null || !active(loc, now)) {
                known.remove(id);
                out.addAll(hide(id, GoneReason.INACTIVE));
            }
        }
        return out;
    }

    /** A new mutual friend: shown at once if active and within the radius. */
    List<ServerMessage> addFriend(UserProfile profile, CachedLocation loc, long now) {
        friends.put(profile.id(), profile);
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
        return loc == null ? List.of() : moved(id, loc, now);
    }

    boolean isMuted(String id) {
        return muted.contains(id);
    }

    int visibleCount() {
        return visible.size();
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
        return GreatCircle.meters(own.lat(), own.lon(), loc.lat(), loc.lon());
    }

    private List<ServerMessage> hide(String id, GoneReason reason) {
        return visible.remove(id) != null ? List.of(new ServerMessage.FriendGone(id, reason)) : List.of();
    }

    private ServerMessage location(String id, CachedLocation loc, double distance) {
        return new ServerMessage.FriendLocation(id, friends.get(id).name(), loc.lat(), loc.lon(), distance, loc.ts());
    }
}
