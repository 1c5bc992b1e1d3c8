package io.nearby.server.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientMessageParserTest {
    private final ClientMessageParser parser = new ClientMessageParser();

    @Test
    void parsesEveryMessageType() {
        assertThat(parser.parse("{\"type\":\"init\",\"lat\":37.5,\"lon\":-122,\"ts\":1700000000000}"))
                .isEqualTo(new Parsed.Ok(new ClientMessage.Init(37.5, -122, 1700000000000L)));
        assertThat(parser.parse("{\"ts\":5,\"lon\":1.5,\"lat\":2,\"type\":\"location\",\"extra\":[1,2]}"))
                .isEqualTo(new Parsed.Ok(new ClientMessage.Location(2, 1.5, 5)));
        assertThat(parser.parse("{\"type\":\"nearby\",\"page\":2}")).isEqualTo(new Parsed.Ok(new ClientMessage.NearbyPage(2)));
        assertThat(parser.parse("{\"type\":\"subscribe\",\"friendId\":\"bob_1\"}")).isEqualTo(new Parsed.Ok(new ClientMessage.Subscribe("bob_1")));
        assertThat(parser.parse("{\"type\":\"unsubscribe\",\"friendId\":\"bob\"}")).isEqualTo(new Parsed.Ok(new ClientMessage.Unsubscribe("bob")));
        assertThat(parser.parse("{\"type\":\"random\",\"enabled\":true}")).isEqualTo(new Parsed.Ok(new ClientMessage.Random(true)));
        assertThat(parser.parse("{\"type\":\"ping\"}")).isEqualTo(new Parsed.Ok(new ClientMessage.Ping()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all|malformed JSON",
            "{\"type\":\"init\",\"lat\":1,|malformed JSON",
            "[1,2,3]|must be a JSON object",
            "\"init\"|must be a JSON object",
            "null|must be a JSON object",
            "{}|'type' is required",
            "{\"type\":7}|'type' is required and must be a string",
            "{\"type\":\"teleport\"}|unknown message type 'teleport'",
            "{\"type\":\"init\",\"lon\":1,\"ts\":1}|'lat' is required",
            "{\"type\":\"init\",\"lat\":\"37.5\",\"lon\":1,\"ts\":1}|'lat' is required and must be a number",
            "{\"type\":\"init\",\"lat\":1,\"lon\":true,\"ts\":1}|'lon' is required and must be a number",
            "{\"type\":\"location\",\"lat\":1,\"lon\":1,\"ts\":1.5}|'ts' is required and must be an integer",
            "{\"type\":\"location\",\"lat\":1,\"lon\":1,\"ts\":\"now\"}|'ts' is required and must be an integer",
            "{\"type\":\"location\",\"lat\":1,\"lon\":1,\"ts\":123456789012345678901234567890}|'ts' is required and must be an integer",
            "{\"type\":\"location\",\"lat\":NaN,\"lon\":1,\"ts\":1}|malformed JSON",
            "{\"type\":\"nearby\",\"page\":-1}|'page' is required and must be an integer >= 0",
            "{\"type\":\"nearby\",\"page\":\"1\"}|'page' is required",
            "{\"type\":\"nearby\"}|'page' is required",
            "{\"type\":\"subscribe\"}|'friendId' is required",
            "{\"type\":\"subscribe\",\"friendId\":42}|'friendId' is required and must be a string",
            "{\"type\":\"subscribe\",\"friendId\":\"bob smith\"}|1-64 characters",
            "{\"type\":\"subscribe\",\"friendId\":\"\"}|1-64 characters",
            "{\"type\":\"random\",\"enabled\":\"yes\"}|'enabled' is required and must be true or false",
    })
    void everyMistakeIsABadRequestWithAClearMessage(String text, String expected) {
        assertThat(parser.parse(text)).isInstanceOfSatisfying(Parsed.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(r.message()).contains(expected);
        });
    }

    @Test
    void hugeNumbersBecomeInfinityAndAreLeftToTheValidator() {
        assertThat(parser.parse("{\"type\":\"location\",\"lat\":1e400,\"lon\":1,\"ts\":1}"))
                .isEqualTo(new Parsed.Ok(new ClientMessage.Location(Double.POSITIVE_INFINITY, 1, 1)));
    }

    @ValueSource(ints = {17, 1000})
    @ParameterizedTest
    void deepNestingIsRejected(int depth) {
        String text = "{\"type\":\"ping\",\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertThat(parser.parse(text)).isInstanceOf(Parsed.Rejected.class);
    }

    @Test
    void oversizedMessagesAreTooLarge() {
        String text = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(ClientMessageParser.MAX_MESSAGE_CHARS) + "\"}";
        assertThat(parser.parse(text)).isInstanceOfSatisfying(Parsed.Rejected.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.TOO_LARGE));
    }
}
