package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    @Test
    void readsTypedFieldsAndIgnoresUnknownOnes() {
        JsonFields body = parse("{\"name\":\"  Alice \",\"enabled\":true,\"extra\":[1,2]}");
        assertThat(body.requiredText("name", 100)).isEqualTo("Alice");
        assertThat(body.requiredBoolean("enabled")).isTrue();
        assertThat(body.optionalText("avatarUrl", 10)).isEmpty();
        assertThat(parse("{\"avatarUrl\":null}").optionalText("avatarUrl", 10)).isEmpty();
    }

    @Test
    void namesTheFieldInEveryMessage() {
        assertBad(() -> parse("{\"enabled\":\"yes\"}").requiredBoolean("enabled"), "field 'enabled' must be a boolean");
        assertBad(() -> parse("{\"enabled\":1}").requiredBoolean("enabled"), "field 'enabled' must be a boolean");
        assertBad(() -> parse("{}").requiredBoolean("enabled"), "field 'enabled' is required");
        assertBad(() -> parse("{\"name\":null}").requiredText("name", 100), "field 'name' is required");
        assertBad(() -> parse("{\"name\":42}").requiredText("name", 100), "field 'name' must be a string");
        assertBad(() -> parse("{\"name\":\"   \"}").requiredText("name", 100), "field 'name' must not be blank");
        assertBad(() -> parse("{\"name\":\"" + "x".repeat(101) + "\"}").requiredText("name", 100),
                "field 'name' must be at most 100 characters");
        assertBad(() -> parse("{\"a\":{}}").optionalText("a", 5), "field 'a' must be a string");
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        String emoji = "\uD83D\uDE00".repeat(100);
        assertThat(parse("{\"name\":\"" + emoji + "\"}").requiredText("name", 100)).isEqualTo(emoji);
    }

    @Test
    void rejectsMalformedOrNonObjectBodies() {
        assertBad(() -> parse("{\"name\":"), "malformed JSON body");
        assertBad(() -> parse("not json"), "malformed JSON body");
        assertBad(() -> parse("{\"a\":1} trailing"), "malformed JSON body");
        assertBad(() -> parse("{\"a\":1,\"a\":2}"), "malformed JSON body");
        assertBad(() -> parse("[1,2]"), "body must be a JSON object");
        assertBad(() -> parse("\"text\""), "body must be a JSON object");
        assertBad(() -> parse(""), "a JSON object body is required");
    }

    private static JsonFields parse(String json) {
        return JsonBodies.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertBad(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("bad_request");
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
