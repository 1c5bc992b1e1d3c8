package io.nearby.friends;

/** Result of adding someone: a pending request, or a friendship (both have added each other). */
public enum FriendshipStatus {
    PENDING, FRIENDS
}
