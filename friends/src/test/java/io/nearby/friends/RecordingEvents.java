package io.nearby.friends;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event as text, e.g. "started alice bob", "sharing alice true", "visibility alice to bob". */
final class RecordingEvents implements FriendshipEvents {
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void friendshipStarted(String a, String b) {
        events.add("started " + pair(a, b));
    }

    @Override
    public void friendshipEnded(String a, String b) {
        events.add("ended " + pair(a, b));
    }

    @Override
    public void sharingChanged(String userId, boolean enabled) {
        events.add("sharing " + userId + " " + enabled);
    }

    @Override
    public void discoverableChanged(String userId, boolean enabled) {
        events.add("discoverable " + userId + " " + enabled);
    }

    @Override
    public void sharingPaused(String userId, long untilMillis) {
        events.add("paused " + userId + " " + untilMillis);
    }

    @Override
    public void alertChanged(String userId, int meters) {
        events.add("alert " + userId + " " + meters);
    }

    @Override
    public void visibilityChanged(String owner, String viewer) {
        events.add("visibility " + owner + " to " + viewer);
    }

    List<String> all() {
        return List.copyOf(events);
    }

    void clear() {
        events.clear();
    }

    /** Pairs are recorded in id order, so "started a b" whoever completed the friendship. */
    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
    }
}
