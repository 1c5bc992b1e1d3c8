package io.nearby.friends;

/** A friendship request that cannot be made: to or from a user without a profile. */
public final class FriendshipException extends RuntimeException {
    public enum Reason { UNKNOWN_USER }

    private final Reason reason;

    public FriendshipException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
