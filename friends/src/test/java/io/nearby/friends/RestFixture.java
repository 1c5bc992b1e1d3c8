package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.nearby.api.ApiDirectHandler;
import io.nearby.api.ApiErrorHandlers;
import io.nearby.api.AuthFilter;
import io.nearby.api.JsonBodies;
import io.nearby.api.RateLimitFilter;
import io.nearby.api.TokenIssuer;
import io.nearby.api.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real WebServer wired as nearby-server wires the friends module (error handlers, auth and rate-limit filters,
 * both services), on a fresh database per test; subclasses pick the DB and state the behaviour.
 */
abstract class RestFixture {
    static final byte[] SECRET = "friends-rest-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);
    static final TokenIssuer ISSUER = new TokenIssuer(SECRET, Clock.systemUTC());
    final RecordingEvents events = new RecordingEvents();
    UserDb db;
    WebServer server;
    TestClient http;

    abstract DbSettings newDatabase();

    @BeforeEach
    void start() {
        db = UserDb.open(newDatabase(), events);
        JsonBodies bodies = JsonBodies.create();
        server = WebServer.builder().host("127.0.0.1").port(0)
                .maxPayloadSize(64 * 1024)
                .directHandlers(ApiDirectHandler.directHandlers())
                .routing(r -> {
                    ApiErrorHandlers.register(r);
                    r.addFilter(new AuthFilter(new TokenVerifier(SECRET, Clock.systemUTC())));
                    r.addFilter(RateLimitFilter.withDefaults());
                    r.register("/api/users", new UsersService(db.users(), bodies));
                    r.register("/api/friends", new FriendsService(db.friends(), bodies));
                })
                .build().start();
        http = new TestClient(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
        db.close();
    }

    static String token(String userId) {
        return ISSUER.issue(userId, Duration.ofMinutes(10));
    }

    void profile(String userId) {
        assertThat(put(userId, "/api/users/me", "{\"name\":\"Name of " + userId + "\",\"avatarUrl\":\"https://img.example/"
                + userId + ".png\"}").status()).isEqualTo(200);
    }

    TestClient.Answer get(String userId, String path) {
        return http.call("GET", path, token(userId), null);
    }

    TestClient.Answer put(String userId, String path, String body) {
        return http.call("PUT", path, token(userId), body);
    }

    TestClient.Answer post(String userId, String path) {
        return http.call("POST", path, token(userId), null);
    }

    static void assertError(TestClient.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.error()).isEqualTo(code);
        assertThat(answer.json().size()).isEqualTo(2);
    }

    static void assertBadRequest(TestClient.Answer answer, String message) {
        assertError(answer, 400, "bad_request");
        assertThat(answer.message()).isEqualTo(message);
    }
}
