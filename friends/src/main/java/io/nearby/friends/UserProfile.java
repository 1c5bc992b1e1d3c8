package io.nearby.friends;

/**
 * A user's profile and the two opt-ins. A new profile starts with both flags off. {@code GET /api/users/me} sends
 * the record as is: {@code {"id","name","avatarUrl","sharing","discoverable"}}, in this order (renaming or
 * reordering a component changes the wire format).
 *
 * @param id           user id, 1–64 characters of [A-Za-z0-9_-]
 * @param name         display name
 * @param avatarUrl    avatar URL, may be empty
 * @param sharing      the user allows their location to be cached, published and shown to friends
 * @param discoverable the user opted in to "random nearby users" (strangers)
 */
public record UserProfile(String id, String name, String avatarUrl, boolean sharing, boolean discoverable) {
}
