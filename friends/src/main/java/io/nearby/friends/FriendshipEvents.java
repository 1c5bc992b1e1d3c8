package io.nearby.friends;

/**
 * Changes that live WebSocket sessions on every server must learn about within 2 s. The friends module
 * calls these after the change is committed to the DB; nearby-server implements them by publishing
 * control messages on the Pub/Sub ring. Implementations must not throw and should return quickly.
 */
public interface FriendshipEvents {
    /** {@code a} and {@code b} became friends. */
    void friendshipStarted(String a, String b);

    /** The friendship of {@code a} and {@code b} ended. */
    void friendshipEnded(String a, String b);

    /** {@code userId} switched location sharing on or off. */
    void sharingChanged(String userId, boolean enabled);

    /** {@code userId} switched "random nearby users" discoverability on or off. */
    void discoverableChanged(String userId, boolean enabled);

    /**
     * {@code userId} paused sharing until {@code untilMillis} (ghost mode), from on, off or another pause: friends
     * must stop seeing the user, the user's sessions must share nothing before that time.
     */
    default void sharingPaused(String userId, long untilMillis) {
        sharingChanged(userId, false);
    }

    /** {@code userId} set their proximity alert distance (0 = off). */
    default void alertChanged(String userId, int meters) {
    }

    /**
     * {@code owner} hid their location from their friend {@code viewer}, or showed it again: the viewer's sessions
     * must re-read the choice ({@link FriendGraph#hides}) and apply it.
     */
    default void visibilityChanged(String owner, String viewer) {
    }

    /** No live sessions to tell (tests of the friends module alone). */
    FriendshipEvents NONE = new FriendshipEvents() {
        @Override
        public void friendshipStarted(String a, String b) {
        }

        @Override
        public void friendshipEnded(String a, String b) {
        }

        @Override
        public void sharingChanged(String userId, boolean enabled) {
        }

        @Override
        public void discoverableChanged(String userId, boolean enabled) {
        }
    };
}
