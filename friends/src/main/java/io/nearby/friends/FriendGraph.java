package io.nearby.friends;

import java.util.Set;

/**
 * Mutual friendships. A friendship exists once both users have added each other; a one-sided add is a
 * pending request (outgoing for the adder, incoming for the other). Blocking calls: use from virtual threads.
 */
public interface FriendGraph {
    /**
     * The caller {@code from} adds {@code to}. Precondition: {@code from != to} (requests are validated by
     * {@link FriendsService}, which answers 400; the {@code friend_adds_not_self} constraint refuses a self edge
     * anyway, with a database exception).
     *
     * @return PENDING if only {@code from} has added, FRIENDS once both have
     * @throws FriendshipException with reason UNKNOWN_USER (either has no profile)
     */
    FriendshipStatus add(String from, String to);

    /**
     * Ends the friendship in both directions or withdraws/declines a request.
     *
     * @return true when a mutual friendship existed and has ended (live sessions must be told)
     */
    boolean remove(String a, String b);

    /** Ids of mutual friends. */
    Set<String> friendsOf(String userId);

    boolean areFriends(String a, String b);

    /** Friends (with profiles), incoming and outgoing requests, for GET /api/friends. */
    FriendLists lists(String userId);

    /**
     * {@code owner} shows their location to their friend {@code viewer} ({@code visible}) or hides it; the friendship
     * itself is unchanged. Fires {@code visibilityChanged} after the commit when the choice changed.
     *
     * @return false when the two are not friends (nothing is stored)
     */
    boolean setVisible(String owner, String viewer, boolean visible);

    /** Whether {@code owner} hides their location from their friend {@code viewer}. */
    boolean hides(String owner, String viewer);

    /** The friends of {@code viewer} who hide their location from {@code viewer}, in one query. */
    Set<String> hiddenFrom(String viewer);
}
