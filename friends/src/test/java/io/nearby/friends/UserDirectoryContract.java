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
        db.close();
        db = UserDb.open(settings, events);
        assertThat(db.users().find("alice")).isPresent();
        assertThat(db.friends().areFriends("alice", "bob")).isTrue();
        assertThat(db.ping()).isTrue();
    }
}
