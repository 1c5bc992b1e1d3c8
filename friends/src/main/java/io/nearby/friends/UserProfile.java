package io.nearby.friends;

/**
 * A user's profile and opt-ins. A new profile starts with both flags off. {@code GET /api/users/me} sends the record
 * as is: {@code {"id","name","avatarUrl","sharing","discoverable","sharingUntil","alertMeters"}}, in this order
 * (renaming or reordering a component changes the wire format; new components go at the end).
 *
 * <p>The user DB returns profiles as they stand at the time of the read: a timed pause that has run out is
 * {@code sharing} true with {@code sharingUntil} null, whether or not anything was written since.
 *
 * @param id           user id, 1–64 characters of [A-Za-z0-9_-]
 * @param name         display name
 * @param avatarUrl    avatar URL, may be empty
 * @param sharing      the user allows their location to be cached, published and shown to friends
 * @param discoverable the user opted in to "random nearby users" (strangers)
 * @param sharingUntil with sharing off: when sharing resumes by itself (ms since the epoch; "ghost mode"); null when
 *                     sharing is on, or off until the user turns it on
 * @param alertMeters  the proximity alert distance ({@code friend_nearby}); 0 = off
 */
public record UserProfile(String id, String name, String avatarUrl, boolean sharing, boolean discoverable,
                          Long sharingUntil, int alertMeters) {
    /** A profile without a timed pause and without proximity alerts. */
    public UserProfile(String id, String name, String avatarUrl, boolean sharing, boolean discoverable) {
        this(id, name, avatarUrl, sharing, discoverable, null, 0);
    }

    /** This profile with another proximity alert distance. */
    public UserProfile withAlertMeters(int meters) {
        return new UserProfile(id, name, avatarUrl, sharing, discoverable, sharingUntil, meters);
    }

    /** This profile as it stands at {@code nowMillis}: a timed pause that has run out is sharing on. */
    public UserProfile at(long nowMillis) {
        return !sharing && sharingUntil != null && sharingUntil <= nowMillis
                ? new UserProfile(id, name, avatarUrl, true, discoverable, null, alertMeters)
                : this;
    }
}
