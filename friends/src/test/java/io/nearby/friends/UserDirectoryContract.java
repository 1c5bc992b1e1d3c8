package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link UserDirectory} on the user DB, identical on every DB. */
abstract class UserDirectoryContract extends DbFixture {
    @Test
    void profileIsCreatedWithFlagsOffAndUpdatedKeepingThem() {
        assertThat(users.find("alice")).isEmpty();
        assertThat(users.upsertProfile("alice", "Alice", "")).isEqualTo(new UserProfile("alice", "Alice", "", false, false));
        users.setSharing("alice", true);
        UserProfile updated = users.upsertProfile("alice", "Alice B.", "https://img.example/a.png");
        assertThat(updated).isEqualTo(new UserProfile("alice", "Alice B.", "https://img.example/a.png", true, false));
        assertThat(users.find("alice")).contains(updated);
    }

    @Test
    void unicodeNamesOfTheFullLengthRoundTrip() {
        String name = "\uD83D\uDE00é".repeat(50); // 100 code points, 150 UTF-16 units
        String url = "https://img.example/" + "ü".repeat(2028);
        assertThat(users.upsertProfile("emoji", name, url).name()).isEqualTo(name);
        assertThat(users.find("emoji").orElseThrow().avatarUrl()).isEqualTo(url);
    }

    @Test
    void flagsChangeOnlyExistingProfilesAndFireOnlyOnChange() {
        assertThat(users.setSharing("ghost", true)).isEmpty();
        assertThat(users.setDiscoverable("ghost", true)).isEmpty();
        users.upsertProfile("alice", "Alice", "");
        assertThat(users.setSharing("alice", true).orElseThrow().sharing()).isTrue();
        assertThat(users.setSharing("alice", true).orElseThrow().sharing()).isTrue();
        assertThat(users.setDiscoverable("alice", true).orElseThrow()).isEqualTo(new UserProfile("alice", "Alice", "", true, true));
        assertThat(users.setSharing("alice", false).orElseThrow().sharing()).isFalse();
        assertThat(users.setDiscoverable("alice", false).orElseThrow().discoverable()).isFalse();
        assertThat(events.all()).containsExactly("sharing alice true", "discoverable alice true",
                "sharing alice false", "discoverable alice false");
    }

    @Test
    void aTimedPauseIsStoredAndRunsOutByItself() {
        users.upsertProfile("alice", "Alice", "");
        users.setSharing("alice", true);
        long until = clock.millis() + 120_000;
        UserProfile paused = users.pauseSharing("alice", until).orElseThrow();
        assertThat(paused).isEqualTo(new UserProfile("alice", "Alice", "", false, false, until, 0));
        assertThat(users.find("alice")).contains(paused);
        assertThat(users.findAll(List.of("alice"))).containsEntry("alice", paused);
        assertThat(users.pauseSharing("alice", until)).as("the same pause again").contains(paused);
        clock.advance(119_999);
        assertThat(users.find("alice").orElseThrow().sharing()).isFalse();
        clock.advance(1);
        UserProfile resumed = new UserProfile("alice", "Alice", "", true, false, null, 0);
        assertThat(users.find("alice")).as("ran out: sharing on, no write needed").contains(resumed);
        assertThat(users.setSharing("alice", true)).as("already on: no event").contains(resumed);
        assertThat(users.pauseSharing("bob", until)).isEmpty();
        assertThat(events.all()).containsExactly("sharing alice true", "paused alice " + until);
    }

    @Test
    void aPauseEndsWithSharingOffOrOnOrAnotherPause() {
        users.upsertProfile("alice", "Alice", "");
        long until = clock.millis() + 3_600_000;
        users.pauseSharing("alice", until);
        users.pauseSharing("alice", until + 1);
        assertThat(users.setSharing("alice", false).orElseThrow().sharingUntil()).as("off until turned on").isNull();
        users.pauseSharing("alice", until);
        assertThat(users.setSharing("alice", true).orElseThrow().sharingUntil()).isNull();
        assertThat(events.all()).containsExactly("paused alice " + until, "paused alice " + (until + 1),
                "sharing alice false", "paused alice " + until, "sharing alice true");
    }

    @Test
    void alertDistanceIsStoredAndFiresOnlyOnChange() {
        assertThat(users.setAlertMeters("alice", 500)).isEmpty();
        users.upsertProfile("alice", "Alice", "");
        assertThat(users.setAlertMeters("alice", 500).orElseThrow().alertMeters()).isEqualTo(500);
        assertThat(users.setAlertMeters("alice", 500).orElseThrow().alertMeters()).isEqualTo(500);
        assertThat(users.upsertProfile("alice", "Alice B.", "").alertMeters()).as("kept by a profile update").isEqualTo(500);
        assertThat(users.setAlertMeters("alice", 0).orElseThrow().alertMeters()).isZero();
        assertThat(events.all()).containsExactly("alert alice 500", "alert alice 0");
    }

    @Test
    void concurrentTogglesFireOncePerActualChange() throws Exception {
        users.upsertProfile("alice", "Alice", "");
        runConcurrently(16, i -> users.setSharing("alice", true));
        assertThat(events.all()).containsExactly("sharing alice true");
    }

    @Test
    void concurrentFirstProfilesOfOneUserAllSucceed() throws Exception {
        runConcurrently(12, i -> users.upsertProfile("alice", "Alice " + i, ""));
        assertThat(users.find("alice").orElseThrow().name()).startsWith("Alice ");
    }

    @Test
    void findAllReturnsExistingProfilesInChunks() {
        for (int i = 0; i < 600; i++) {
            users.upsertProfile("u" + i, "User " + i, "");
        }
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 1200; i += 1) {
            asked.add("u" + i);
        }
        asked.add("u1");
        Map<String, UserProfile> found = users.findAll(asked);
        assertThat(found).hasSize(600).containsEntry("u599", new UserProfile("u599", "User 599", "", false, false));
        assertThat(users.findAll(List.of())).isEmpty();
    }

    @Test
    void reopeningMigratesNothingAndKeepsData() {
        profiles("alice", "bob");
        befriend("alice", "bob");
        long until = clock.millis() + 600_000;
        users.pauseSharing("alice", until);
        users.setAlertMeters("alice", 300);
        friends.setVisible("alice", "bob", false);
        db.close();
        db = UserDb.open(settings, events, clock);
        assertThat(db.users().find("alice").orElseThrow().sharingUntil()).as("a pause survives a restart").isEqualTo(until);
        assertThat(db.users().find("alice").orElseThrow().alertMeters()).isEqualTo(300);
        assertThat(db.friends().hides("alice", "bob")).isTrue();
        assertThat(db.friends().areFriends("alice", "bob")).isTrue();
        assertThat(db.ping()).isTrue();
    }
}
