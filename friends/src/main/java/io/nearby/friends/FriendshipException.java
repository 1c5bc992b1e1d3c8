package io.nearby.friends;

/** A friendship request that cannot be made: to an unknown user, or to oneself. */
public final class FriendshipException extends RuntimeException {
    public enum Reason { UNKNOWN_USER, SELF }

    private final Reason reason;

    public FriendshipException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
