package io.nearby.friends;

import java.lang.System.Logger.Level;

/**
 * Fires {@link FriendshipEvents} after a commit without letting a faulty listener turn a committed change into an
 * error: anything it throws is logged and swallowed.
 */
final class SafeEvents {
    private static final System.Logger LOG = System.getLogger(SafeEvents.class.getName());

    private final FriendshipEvents events;

    SafeEvents(FriendshipEvents events) {
        this.events = events;
    }

    void friendshipStarted(String a, String b) {
        fire("friendshipStarted", () -> events.friendshipStarted(a, b));
    }

    void friendshipEnded(String a, String b) {
        fire("friendshipEnded", () -> events.friendshipEnded(a, b));
    }

    void sharingChanged(String userId, boolean enabled) {
        fire("sharingChanged", () -> events.sharingChanged(userId, enabled));
    }

    void discoverableChanged(String userId, boolean enabled) {
        fire("discoverableChanged", () -> events.discoverableChanged(userId, enabled));
    }

    void sharingPaused(String userId, long untilMillis) {
        fire("sharingPaused", () -> events.sharingPaused(userId, untilMillis));
    }

    void alertChanged(String userId, int meters) {
        fire("alertChanged", () -> events.alertChanged(userId, meters));
    }

    void visibilityChanged(String owner, String viewer) {
        fire("visibilityChanged", () -> events.visibilityChanged(owner, viewer));
    }

    private static void fire(String name, Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "FriendshipEvents." + name + " threw; the DB change stands", e);
        }
    }
}
