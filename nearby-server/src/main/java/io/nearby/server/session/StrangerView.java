package io.nearby.server.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

import io.nearby.geo.Coarsening;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.Radius;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.GoneReason;
import io.nearby.server.protocol.ServerMessage;

/**
 * The discoverable strangers one connection shows ("random nearby users") — a pure state machine like
 * {@link FriendView}, with privacy rules on top:
 * <ul>
 *   <li>a stranger's true position never leaves the server: the client gets the position snapped to the
 *       ~1 km grid and the distance from the receiver to that snapped point, rounded to 500 m
 *       ({@link Coarsening}); whether a stranger is "nearby" is also decided on the snapped point, so the moment
 *       a stranger appears does not reveal their exact distance either;</li>
 *   <li>a reading is sent only when it changes (snapped cell or rounded distance), so repeated updates add no
 *       information and no traffic;</li>
 *   <li>friends are never strangers; the user is never their own stranger (the caller filters both);</li>
 *   <li>at most {@link #MAX_SHOWN} strangers are shown at once: in a dense city the first ones seen stay until
 *       they leave, and the others wait for a free place.</li>
 * </ul>
 * The owning session serialises every call.
 */
final class StrangerView {
    static final int MAX_SHOWN = 100;

    /** What the client was told: the snapped position and the rounded distance (the true position is not kept). */
    private record Shown(String name, GeoPoint snapped, long distance, long ts, long receivedAt) {
    }

    private final Radius radius;
    private final long inactiveMillis;
    private final Map<String, Shown> shown = new HashMap<>();

    StrangerView(Radius radius, long inactiveMillis) {
        this.radius = radius;
        this.inactiveMillis = inactiveMillis;
    }

    List<ServerMessage> moved(String id, String name, CachedLocation loc, GeoPoint own, long now) {
        Shown before = shown.get(id);
        if (before != null && before.receivedAt() > loc.receivedAt()) {
            return List.of();
        }
        return place(id, name, snapped(loc), loc.ts(), loc.receivedAt(), own, now);
    }

    /**
     * Shows, updates or hides a stranger at {@code snapped}, by {@link Coarsening#reading} — the one implementation of
     * the rule, whose unit tests are the tests of what runs here.
     */
    private List<ServerMessage> place(String id, String name, GeoPoint snapped, long ts, long receivedAt, GeoPoint own, long now) {
        Coarsening.Reading reading = Coarsening.reading(own, snapped, radius);
        if (now - receivedAt >= inactiveMillis || !reading.nearby()) {
            return hide(id, GoneReason.OUT_OF_RANGE);
        }
        Shown before = shown.get(id);
        if (before == null && shown.size() >= MAX_SHOWN) {
            return List.of();
        }
        Shown next = new Shown(name, reading.cell(), reading.distanceMeters(), ts, receivedAt);
        shown.put(id, next);
        boolean changed = before == null || !before.snapped().equals(next.snapped()) || before.distance() != next.distance();
        return changed ? List.of(reading(id, next)) : List.of();
    }

    private static GeoPoint snapped(CachedLocation loc) {
        return Coarsening.snapToGrid(new GeoPoint(loc.lat(), loc.lon()));
    }

    /** When the next shown stranger becomes inactive if nothing arrives (ms), or Long.MAX_VALUE. */
    long nextExpiry() {
        if (shown.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Shown s : shown.values()) {
            next = Math.min(next, s.receivedAt() + inactiveMillis);
        }
        return next;
    }

    List<ServerMessage> gone(String id, GoneReason reason) {
        return hide(id, reason);
    }

    /** The receiver moved: strangers shown are re-read against the new position. */
    List<ServerMessage> ownMoved(GeoPoint own, long now) {
        List<ServerMessage> out = new ArrayList<>();
        for (String id : List.copyOf(shown.keySet())) {
            Shown s = shown.get(id);
            out.addAll(place(id, s.name(), s.snapped(), s.ts(), s.receivedAt(), own, now));
        }
        return out;
    }

    List<ServerMessage> expire(long now) {
        List<ServerMessage> out = new ArrayList<>();
        for (String id : List.copyOf(shown.keySet())) {
            if (now - shown.get(id).receivedAt() >= inactiveMillis) {
                out.addAll(hide(id, GoneReason.INACTIVE));
            }
        }
        return out;
    }

    boolean isShown(String id) {
        return shown.containsKey(id);
    }

    /** Random off: forget everyone without messages (the client stops showing strangers itself). */
    void clear() {
        shown.clear();
    }

    private List<ServerMessage> hide(String id, GoneReason reason) {
        return shown.remove(id) != null ? List.of(new ServerMessage.StrangerGone(id, reason)) : List.of();
    }

    private static ServerMessage reading(String id, Shown s) {
        return new ServerMessage.StrangerLocation(id, s.name(), s.snapped().lat(), s.snapped().lon(), s.distance(), s.ts());
    }
}
