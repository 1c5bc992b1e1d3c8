package io.nearby.friends;

import java.util.List;
import java.util.Set;

/**
 * What {@code GET /api/friends} shows.
 *
 * @param friends  mutual friends, by id
 * @param incoming ids of users who added the caller and whom the caller has not added
 * @param outgoing ids of users the caller added who have not added the caller
 * @param hidden   ids of the friends the caller hides their location from
 */
public record FriendLists(List<UserProfile> friends, List<String> incoming, List<String> outgoing, Set<String> hidden) {
    public FriendLists(List<UserProfile> friends, List<String> incoming, List<String> outgoing) {
        this(friends, incoming, outgoing, Set.of());
    }
}
