package io.nearby.friends;

import java.util.List;

/**
 * What {@code GET /api/friends} shows.
 *
 * @param friends  mutual friends, by id
 * @param incoming ids of users who added the caller and whom the caller has not added
 * @param outgoing ids of users the caller added who have not added the caller
 */
public record FriendLists(List<UserProfile> friends, List<String> incoming, List<String> outgoing) {
}
