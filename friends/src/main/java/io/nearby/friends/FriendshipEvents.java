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
