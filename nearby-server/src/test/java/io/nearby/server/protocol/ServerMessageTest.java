package io.nearby.server.protocol;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerMessageTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void typeComesFirstAndFieldsMatchTheProtocol() throws Exception {
        String text = new ServerMessage.FriendLocation("bob", "Bob \"the\" \\ builder\n", 37.1234567, -122.5, 1234.56, 1700000000000L).toJson();
        assertThat(text).startsWith("{\"type\":\"friend_location\",");
        JsonNode n = json.readTree(text);
        assertThat(n.get("id").asText()).isEqualTo("bob");
        assertThat(n.get("name").asText()).isEqualTo("Bob \"the\" \\ builder\n");
        assertThat(n.get("lat").asDouble()).isEqualTo(37.1234567);
        assertThat(n.get("lon").asDouble()).isEqualTo(-122.5);
        assertThat(n.get("distanceMeters").asDouble()).isEqualTo(1234.6);
        assertThat(n.get("ts").asLong()).isEqualTo(1700000000000L);
    }

    @Test
    void nearbyPage() throws Exception {
        String text = new ServerMessage.Nearby(1, 20, 21, List.of(
                new ServerMessage.NearbyFriend("carol", "Carol", "https://a/c.png", 1, 2, 3, 4))).toJson();
        JsonNode n = json.readTree(text);
        assertThat(text).startsWith("{\"type\":\"nearby\",");
        assertThat(n.get("page").asInt()).isEqualTo(1);
        assertThat(n.get("pageSize").asInt()).isEqualTo(20);
        assertThat(n.get("total").asInt()).isEqualTo(21);
        JsonNode f = n.get("friends").get(0);
        assertThat(f.has("type")).isFalse();
        assertThat(f.get("avatarUrl").asText()).isEqualTo("https://a/c.png");
        assertThat(f.get("distanceMeters").asDouble()).isEqualTo(3);
    }

    @Test
    void otherMessages() throws Exception {
        assertThat(new ServerMessage.FriendNearby("bob", "Bob", 480.26, 17).toJson())
                .isEqualTo("{\"type\":\"friend_nearby\",\"id\":\"bob\",\"name\":\"Bob\",\"distanceMeters\":480.3,\"ts\":17}");
        assertThat(json.readTree(new ServerMessage.FriendGone("bob", GoneReason.SHARING_OFF).toJson()).get("reason").asText()).isEqualTo("sharing_off");
        assertThat(json.readTree(new ServerMessage.Error(ErrorCode.NOT_FRIEND, "x\u0001").toJson()).get("code").asText()).isEqualTo("not_friend");
        assertThat(new ServerMessage.Pong(5).toJson()).isEqualTo("{\"type\":\"pong\",\"ts\":5}");
        assertThat(new ServerMessage.Cadence(120).toJson()).isEqualTo("{\"type\":\"cadence\",\"seconds\":120}");
        assertThat(json.readTree(new ServerMessage.StrangerLocation("s", "S", 1.0045, 2.5, 1500, 9).toJson()).get("distanceMeters").asLong()).isEqualTo(1500);
    }
}
