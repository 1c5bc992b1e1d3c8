package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** UsersService sends UserProfile as is: the record's components are the wire format. */
class UserProfileJsonTest {
    @Test
    void componentsAreTheFieldsInDeclarationOrderNullsIncluded() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(new UserProfile("alice", "Alice", "https://img.example/a.png", true, false)))
                .isEqualTo("{\"id\":\"alice\",\"name\":\"Alice\",\"avatarUrl\":\"https://img.example/a.png\","
                        + "\"sharing\":true,\"discoverable\":false,\"sharingUntil\":null,\"alertMeters\":0}");
        assertThat(json.writeValueAsString(new UserProfile("bob", "Bob", null, false, true, 1_700_000_060_000L, 500)))
                .isEqualTo("{\"id\":\"bob\",\"name\":\"Bob\",\"avatarUrl\":null,\"sharing\":false,\"discoverable\":true,"
                        + "\"sharingUntil\":1700000060000,\"alertMeters\":500}");
    }

    @Test
    void aPauseThatRanOutIsSharingOn() {
        UserProfile paused = new UserProfile("bob", "Bob", "", false, true, 1_000L, 500);
        assertThat(paused.at(999)).isSameAs(paused);
        assertThat(paused.at(1_000)).isEqualTo(new UserProfile("bob", "Bob", "", true, true, null, 500));
        UserProfile off = new UserProfile("bob", "Bob", "", false, false);
        assertThat(off.at(Long.MAX_VALUE)).as("off without a time stays off").isSameAs(off);
    }
}
