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
                        + "\"sharing\":true,\"discoverable\":false}");
        assertThat(json.writeValueAsString(new UserProfile("bob", "Bob", null, false, true)))
                .isEqualTo("{\"id\":\"bob\",\"name\":\"Bob\",\"avatarUrl\":null,\"sharing\":false,\"discoverable\":true}");
    }
}
