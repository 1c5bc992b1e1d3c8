package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearby.api.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code /api/users} through a real server: every route, every error, nobody writes another user's data. */
abstract class UsersRestContract extends RestFixture {
    @Test
    void profileLifecycle() {
        TestClient.Answer before = get("alice", "/api/users/me");
        assertError(before, 404, "not_found");
        TestClient.Answer created = put("alice", "/api/users/me", "{\"name\":\"  Alice \",\"avatarUrl\":\"https://img.example/a.png\",\"extra\":1}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).isEqualTo("{\"id\":\"alice\",\"name\":\"Alice\",\"avatarUrl\":\"https://img.example/a.png\","
                + "\"sharing\":false,\"discoverable\":false,\"sharingUntil\":null,\"alertMeters\":0}");
        assertThat(created.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(get("alice", "/api/users/me").body()).isEqualTo(created.body());
        assertThat(put("alice", "/api/users/me", "{\"name\":\"Al\"}").json().get("avatarUrl").asText())
                .as("avatarUrl defaults to empty").isEmpty();
    }

    @Test
    void flagsAreSetAndFireEventsOnlyOnChange() {
        assertError(put("alice", "/api/users/me/sharing", "{\"enabled\":true}"), 404, "not_found");
        assertError(put("alice", "/api/users/me/discoverable", "{\"enabled\":true}"), 404, "not_found");
        profile("alice");
        assertThat(put("alice", "/api/users/me/sharing", "{\"enabled\":true}").json().get("sharing").asBoolean()).isTrue();
        assertThat(put("alice", "/api/users/me/sharing", "{\"enabled\":true}").status()).isEqualTo(200);
        TestClient.Answer discoverable = put("alice", "/api/users/me/discoverable", "{\"enabled\":true}");
        assertThat(discoverable.json().get("discoverable").asBoolean()).isTrue();
        assertThat(discoverable.json().get("sharing").asBoolean()).isTrue();
        put("alice", "/api/users/me/sharing", "{\"enabled\":false}");
        assertThat(events.all()).containsExactly("sharing alice true", "discoverable alice true", "sharing alice false");
    }

    @Test
    void profileValidation() {
        assertBadRequest(put("alice", "/api/users/me", "{\"name\":"), "malformed JSON body");
        assertBadRequest(put("alice", "/api/users/me", "[]"), "body must be a JSON object");
        assertBadRequest(put("alice", "/api/users/me", "{}"), "field 'name' is required");
        assertBadRequest(put("alice", "/api/users/me", "{\"name\":5}"), "field 'name' must be a string");
        assertBadRequest(put("alice", "/api/users/me", "{\"name\":\"  \"}"), "field 'name' must not be blank");
        assertBadRequest(put("alice", "/api/users/me", "{\"name\":\"" + "n".repeat(65) + "\"}"),
                "field 'name' must be at most 64 characters");
        assertThat(put("alice", "/api/users/me", "{\"name\":\"" + "n".repeat(64) + "\"}").status()).isEqualTo(200);
        // control characters, a right-to-left override (U+202E) that reverses what follows, a zero-width space
        for (String hidden : new String[]{"a\\u0000b", "a\\u001bb", "a\\u202Egnp.exe", "ad\\u2066min", "a\\u200Bb"}) {
            assertBadRequest(put("alice", "/api/users/me", "{\"name\":\"" + hidden + "\"}"),
                    "field 'name' must not contain control, format or bidirectional-override characters");
        }
        assertThat(put("alice", "/api/users/me", "{\"name\":\"Zoë \\u00e9l\\u00e8ve \\u4e2d\\u6587 \\ud83d\\ude00\"}").status())
                .as("letters of any script and emoji are fine").isEqualTo(200);
        for (String url : new String[]{"javascript:alert(1)", "ftp://x.example/a", "not a url", "https://", "/relative"}) {
            assertBadRequest(put("alice", "/api/users/me", "{\"name\":\"A\",\"avatarUrl\":\"" + url + "\"}"),
                    "field 'avatarUrl' must be an http or https URL");
        }
        assertBadRequest(put("alice", "/api/users/me", "{\"name\":\"A\",\"avatarUrl\":\"https://x.example/"
                + "p".repeat(2048) + "\"}"), "field 'avatarUrl' must be at most 2048 characters");
        assertBadRequest(put("alice", "/api/users/me", "{\"name\":\"A\",\"avatarUrl\":7}"),
                "field 'avatarUrl' must be a string");
        assertThat(get("alice", "/api/users/me").status()).as("nothing stored by bad requests").isEqualTo(200);
    }

    @Test
    void aTimedPauseIsShownAndEndedByTurningSharingOn() {
        profile("alice");
        put("alice", "/api/users/me/sharing", "{\"enabled\":true}");
        long until = System.currentTimeMillis() + 3_600_000;
        TestClient.Answer paused = put("alice", "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + until + "}");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().get("sharing").asBoolean()).isFalse();
        assertThat(paused.json().get("sharingUntil").asLong()).isEqualTo(until);
        assertThat(get("alice", "/api/users/me").json().get("sharingUntil").asLong()).isEqualTo(until);
        TestClient.Answer on = put("alice", "/api/users/me/sharing", "{\"enabled\":true}");
        assertThat(on.json().get("sharing").asBoolean()).isTrue();
        assertThat(on.json().get("sharingUntil").isNull()).isTrue();
        assertThat(events.all()).containsExactly("sharing alice true", "paused alice " + until, "sharing alice true");
    }

    @Test
    void pauseValidationStoresNothing() {
        profile("alice");
        long now = System.currentTimeMillis();
        String bounds = "field 'until' must be between 1 minute and 7 days from now";
        assertThat(put("alice", "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + (now + 30_000) + "}").message())
                .startsWith(bounds);
        assertError(put("alice", "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + (now + 30_000) + "}"), 400, "bad_request");
        assertError(put("alice", "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + (now + 8L * 86_400_000) + "}"),
                400, "bad_request");
        assertBadRequest(put("alice", "/api/users/me/sharing", "{\"enabled\":false,\"until\":\"tomorrow\"}"),
                "field 'until' must be an integer: milliseconds since the epoch");
        assertBadRequest(put("alice", "/api/users/me/sharing", "{\"enabled\":false,\"until\":1.5e12}"),
                "field 'until' must be an integer: milliseconds since the epoch");
        assertBadRequest(put("alice", "/api/users/me/sharing", "{\"enabled\":true,\"until\":" + (now + 120_000) + "}"),
                "field 'until' is only allowed with \"enabled\":false");
        assertThat(put("alice", "/api/users/me/sharing", "{\"enabled\":false,\"until\":null}").status())
                .as("null counts as absent: off until turned on").isEqualTo(200);
        assertThat(get("alice", "/api/users/me").json().get("sharingUntil").isNull()).isTrue();
        assertThat(put("alice", "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + (now + 7L * 86_400_000) + "}").status())
                .as("7 days is allowed").isEqualTo(200);
        assertThat(events.all()).containsExactly("paused alice " + (now + 7L * 86_400_000));
    }

    @Test
    void alertDistanceIsStoredAndValidated() {
        assertError(put("alice", "/api/users/me/alerts", "{\"meters\":500}"), 404, "not_found");
        profile("alice");
        TestClient.Answer set = put("alice", "/api/users/me/alerts", "{\"meters\":500}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("alertMeters").asInt()).isEqualTo(500);
        assertThat(get("alice", "/api/users/me").json().get("alertMeters").asInt()).isEqualTo(500);
        String range = "field 'meters' must be an integer from 0 (off) to " + UsersService.DEFAULT_MAX_ALERT_METERS;
        assertBadRequest(put("alice", "/api/users/me/alerts", "{\"meters\":-1}"), range);
        assertBadRequest(put("alice", "/api/users/me/alerts", "{\"meters\":" + (UsersService.DEFAULT_MAX_ALERT_METERS + 1) + "}"), range);
        assertBadRequest(put("alice", "/api/users/me/alerts", "{\"meters\":12.5}"), range);
        assertBadRequest(put("alice", "/api/users/me/alerts", "{\"meters\":\"500\"}"), range);
        assertBadRequest(put("alice", "/api/users/me/alerts", "{}"), "field 'meters' is required");
        assertThat(put("alice", "/api/users/me/alerts", "{\"meters\":0}").json().get("alertMeters").asInt()).isZero();
        assertThat(events.all()).containsExactly("alert alice 500", "alert alice 0");
    }

    @Test
    void flagValidation() {
        profile("alice");
        assertBadRequest(put("alice", "/api/users/me/sharing", "{\"enabled\":\"yes\"}"), "field 'enabled' must be a boolean");
        assertBadRequest(put("alice", "/api/users/me/sharing", "{\"enabled\":1}"), "field 'enabled' must be a boolean");
        assertBadRequest(put("alice", "/api/users/me/discoverable", "{}"), "field 'enabled' is required");
        assertBadRequest(put("alice", "/api/users/me/discoverable", "{\"enabled\":tru}"), "malformed JSON body");
        assertBadRequest(put("alice", "/api/users/me/sharing", null), "a JSON object body is required");
        assertThat(events.all()).isEmpty();
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"name\":\"A\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        assertError(put("alice", "/api/users/me", big), 413, "too_large");
        String huge = "{\"name\":\"A\",\"pad\":\"" + "x".repeat(100_000) + "\"}";
        TestClient.Answer overListener = put("alice", "/api/users/me", huge);
        assertThat(overListener.status()).isEqualTo(413);
        assertThat(overListener.body()).contains("\"error\":\"too_large\"");
    }

    @Test
    void everyRouteNeedsAValidToken() {
        String expired = new TokenIssuer(SECRET, Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC))
                .issue("alice", Duration.ofDays(1));
        byte[] otherSecret = "not-the-server-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);
        String forged = new TokenIssuer(otherSecret, Clock.systemUTC()).issue("alice", Duration.ofHours(1));
        String[][] routes = {
                {"GET", "/api/users/me", null}, {"PUT", "/api/users/me", "{\"name\":\"A\"}"},
                {"PUT", "/api/users/me/sharing", "{\"enabled\":true}"},
                {"PUT", "/api/users/me/discoverable", "{\"enabled\":true}"},
                {"GET", "/api/friends", null}, {"POST", "/api/friends/bob", null}, {"DELETE", "/api/friends/bob", null},
                {"PUT", "/api/users/me/alerts", "{\"meters\":500}"},
                {"PUT", "/api/users/me/sharing", "{\"enabled\":false,\"until\":" + (System.currentTimeMillis() + 120_000) + "}"},
                {"PUT", "/api/friends/bob/visibility", "{\"visible\":false}"}};
        for (String[] route : routes) {
            for (String token : new String[]{null, "garbage", expired, forged}) {
                TestClient.Answer answer = http.call(route[0], route[1], token, route[2]);
                assertError(answer, 401, "unauthorized");
                assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            }
        }
        assertThat(db.users().find("alice")).isEmpty();
    }

    @Test
    void nobodyCanChangeAnotherUsersProfile() {
        profile("alice");
        profile("bob");
        String bobBefore = get("bob", "/api/users/me").body();
        assertThat(put("alice", "/api/users/bob", "{\"name\":\"Hacked\"}").status()).isIn(404, 405);
        assertThat(put("alice", "/api/users/bob/sharing", "{\"enabled\":true}").status()).isIn(404, 405);
        assertThat(put("alice", "/api/users/bob/discoverable", "{\"enabled\":true}").status()).isIn(404, 405);
        assertThat(get("alice", "/api/users/bob").status()).isIn(404, 405);
        assertThat(http.call("DELETE", "/api/users/me", token("alice"), null).status()).isIn(404, 405);
        assertThat(get("bob", "/api/users/me").body()).isEqualTo(bobBefore);
    }
}
