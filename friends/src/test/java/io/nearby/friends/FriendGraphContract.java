package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link FriendGraph} on the user DB, identical on every DB. */
abstract class FriendGraphContract extends DbFixture {
    @Test
    void aRequestIsPendingUntilReturnedThenBothAreFriends() {
        profiles("alice", "bob");
        assertThat(friends.add("alice", "bob")).isEqualTo(FriendshipStatus.PENDING);
        assertThat(friends.add("alice", "bob")).as("idempotent").isEqualTo(FriendshipStatus.PENDING);
        assertThat(friends.lists("alice")).isEqualTo(new FriendLists(List.of(), List.of(), List.of("bob")));
        assertThat(friends.lists("bob")).isEqualTo(new FriendLists(List.of(), List.of("alice"), List.of()));
        assertThat(friends.areFriends("alice", "bob")).isFalse();
        assertThat(events.all()).isEmpty();

        assertThat(friends.add("bob", "alice")).isEqualTo(FriendshipStatus.FRIENDS);
        assertThat(friends.add("alice", "bob")).as("adding a friend again").isEqualTo(FriendshipStatus.FRIENDS);
        assertThat(friends.areFriends("alice", "bob")).isTrue();
        assertThat(friends.areFriends("bob", "alice")).isTrue();
        assertThat(friends.friendsOf("alice")).containsExactly("bob");
        assertThat(friends.friendsOf("bob")).containsExactly("alice");
        assertThat(friends.lists("alice").friends()).containsExactly(users.find("bob").orElseThrow());
        assertThat(friends.lists("alice").incoming()).isEmpty();
        assertThat(friends.lists("alice").outgoing()).isEmpty();
        assertThat(events.all()).containsExactly("started alice bob");
    }

    @Test
    void selfAndUnknownUsersAreRefused() {
        profiles("alice");
        assertThatThrownBy(() -> friends.add("alice", "alice")).as("the friend_adds_not_self constraint")
                .isNotInstanceOf(FriendshipException.class);
        assertThatThrownBy(() -> friends.add("alice", "nobody")).isInstanceOfSatisfying(FriendshipException.class,
                e -> assertThat(e.reason()).isEqualTo(FriendshipException.Reason.UNKNOWN_USER));
        assertThatThrownBy(() -> friends.add("nobody", "alice")).isInstanceOfSatisfying(FriendshipException.class, e -> {
            assertThat(e.reason()).isEqualTo(FriendshipException.Reason.UNKNOWN_USER);
            assertThat(e.getMessage()).contains("profile first");
        });
        assertThat(friends.lists("alice")).isEqualTo(new FriendLists(List.of(), List.of(), List.of()));
        assertThat(events.all()).isEmpty();
    }

    @Test
    void withdrawingARequestIsNotTheEndOfAFriendship() {
        profiles("alice", "bob");
        friends.add("alice", "bob");
        assertThat(friends.remove("alice", "bob")).isFalse();
        assertThat(friends.lists("bob").incoming()).isEmpty();
        friends.add("bob", "alice");
        assertThat(friends.remove("alice", "bob")).as("declining an incoming request").isFalse();
        assertThat(friends.lists("alice")).isEqualTo(new FriendLists(List.of(), List.of(), List.of()));
        assertThat(events.all()).isEmpty();
    }

    @Test
    void unfriendingRemovesBothDirectionsOnlyForThatPair() {
        profiles("alice", "bob", "carol");
        befriend("alice", "bob");
        befriend("alice", "carol");
        events.clear();
        assertThat(friends.remove("bob", "alice")).isTrue();
        assertThat(friends.remove("bob", "alice")).isFalse();
        assertThat(friends.remove("bob", "carol")).as("nothing between them").isFalse();
        assertThat(friends.friendsOf("alice")).containsExactly("carol");
        assertThat(friends.friendsOf("bob")).isEmpty();
        assertThat(friends.areFriends("alice", "bob")).isFalse();
        assertThat(events.all()).containsExactly("ended alice bob");
        assertThat(friends.add("alice", "bob")).as("a new request after unfriending").isEqualTo(FriendshipStatus.PENDING);
    }

    @Test
    void listsAreSortedByIdTheSameWayOnEveryDatabase() {
        List<String> ids = List.of("me", "b", "B", "_x", "-y", "a1", "A2", "z");
        ids.forEach(this::profiles);
        for (String id : List.of("b", "B", "_x")) {
            befriend("me", id);
        }
        friends.add("me", "-y");
        friends.add("me", "z");
        friends.add("a1", "me");
        friends.add("A2", "me");
        FriendLists lists = friends.lists("me");
        assertThat(lists.friends()).extracting(UserProfile::id).containsExactly("B", "_x", "b");
        assertThat(lists.outgoing()).containsExactly("-y", "z");
        assertThat(lists.incoming()).containsExactly("A2", "a1");
    }

    @Test
    void mutualAddsAtTheSameTimeEndAsFriendsWithOneEvent() throws Exception {
        int pairs = 25;
        for (int i = 0; i < pairs; i++) {
            profiles("left" + i, "right" + i);
        }
        for (int i = 0; i < pairs; i++) {
            String left = "left" + i;
            String right = "right" + i;
            List<FriendshipStatus> statuses = runConcurrently(2,
                    t -> t == 0 ? friends.add(left, right) : friends.add(right, left));
            assertThat(statuses).as("pair %d", i).contains(FriendshipStatus.FRIENDS);
            assertThat(friends.areFriends(left, right)).isTrue();
        }
        assertThat(events.all()).hasSize(pairs).doesNotHaveDuplicates()
                .allSatisfy(event -> assertThat(event).startsWith("started left"));
    }

    @Test
    void friendsOfAUserWith450Friends() {
        profiles("star");
        List<String> ids = IntStream.range(0, 450).mapToObj(i -> String.format("fan%03d", i)).toList();
        for (String id : ids) {
            profiles(id);
            befriend("star", id);
        }
        friends.friendsOf("star"); // warm up the statement
        long start = System.nanoTime();
        Set<String> all = friends.friendsOf("star");
        long micros = (System.nanoTime() - start) / 1000;
        assertThat(all).hasSize(450).containsAll(ids);
        FriendLists lists = friends.lists("star");
        assertThat(lists.friends()).extracting(UserProfile::id).containsExactlyElementsOf(ids);
        assertThat(friends.friendsOf("fan123")).containsExactly("star");
        System.out.printf("%s: friendsOf(450 friends) took %d µs%n", getClass().getSimpleName(), micros);
    }

    @Test
    void aFailingListenerDoesNotUndoTheChange() {
        db.close();
        db = UserDb.open(settings, new FriendshipEvents() {
            @Override
            public void friendshipStarted(String a, String b) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void friendshipEnded(String a, String b) {
            }

            @Override
            public void sharingChanged(String userId, boolean enabled) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void discoverableChanged(String userId, boolean enabled) {
            }
        });
        db.users().upsertProfile("alice", "Alice", "");
        db.users().upsertProfile("bob", "Bob", "");
        assertThat(db.users().setSharing("alice", true).orElseThrow().sharing()).isTrue();
        db.friends().add("alice", "bob");
        assertThat(db.friends().add("bob", "alice")).isEqualTo(FriendshipStatus.FRIENDS);
        assertThat(db.friends().areFriends("alice", "bob")).isTrue();
    }

    @Test
    void aFriendCanBeHiddenFromWithoutEndingTheFriendship() {
        profiles("alice", "bob", "carol", "dave");
        befriend("alice", "bob");
        befriend("alice", "carol");
        befriend("dave", "bob");
        friends.add("alice", "dave"); // only a request
        events.clear();
        assertThat(friends.setVisible("alice", "bob", false)).isTrue();
        assertThat(friends.setVisible("alice", "bob", false)).as("again: nothing changes").isTrue();
        assertThat(friends.setVisible("dave", "bob", false)).isTrue();
        assertThat(friends.setVisible("alice", "dave", false)).as("not friends: refused").isFalse();
        assertThat(friends.setVisible("alice", "nobody", false)).isFalse();
        assertThat(friends.setVisible("alice", "alice", false)).isFalse();
        assertThat(events.all()).containsExactly("visibility alice to bob", "visibility dave to bob");
        assertThat(friends.hides("alice", "bob")).isTrue();
        assertThat(friends.hides("bob", "alice")).as("bob's edge is his own").isFalse();
        assertThat(friends.hides("alice", "carol")).isFalse();
        assertThat(friends.hiddenFrom("bob")).containsExactlyInAnyOrder("alice", "dave");
        assertThat(friends.hiddenFrom("carol")).isEmpty();
        assertThat(friends.areFriends("alice", "bob")).isTrue();
        assertThat(friends.friendsOf("bob")).containsExactlyInAnyOrder("alice", "dave");
        assertThat(friends.lists("alice").hidden()).containsExactly("bob");
        assertThat(friends.lists("bob").hidden()).isEmpty();
        assertThat(friends.setVisible("alice", "bob", true)).isTrue();
        assertThat(friends.hiddenFrom("bob")).containsExactly("dave");
        friends.remove("dave", "bob");
        befriend("dave", "bob");
        assertThat(friends.hides("dave", "bob")).as("a new friendship starts visible").isFalse();
    }
}
