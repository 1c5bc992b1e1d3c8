package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.BadRequestException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The api module's filters, error mapping and bodies through a real WebServer. */
class ApiHttpTest {
    static final byte[] SECRET = "http-test-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.systemUTC();
    static final TokenIssuer ISSUER = new TokenIssuer(SECRET, CLOCK);
    static TestServer server;

    @BeforeAll
    static void start() {
        JsonBodies smallBodies = new JsonBodies(100);
        server = new TestServer(10_000, r -> {
            ApiErrorHandlers.register(r);
            r.addFilter(new AuthFilter(new TokenVerifier(SECRET, CLOCK)));
            r.register(AuthFilter.DEV_TOKEN_PATH, new DevTokenService(ISSUER, JsonBodies.create()));
            r.get("/api/whoami", (req, res) -> JsonBodies.send(res, Map.of("userId", AuthFilter.caller(req).userId())));
            r.post("/api/echo", (req, res) -> JsonBodies.send(res, smallBodies.read(req).node()));
            r.get("/api/boom", (req, res) -> {
                throw new IllegalStateException("secret internals");
            });
            r.get("/api/checked", (req, res) -> {
                throw new IOException("disk on fire");
            });
            r.get("/api/forbidden", (req, res) -> {
                throw ApiError.FORBIDDEN.exception("not yours");
            });
            r.get("/api/unavailable", (req, res) -> {
                throw ApiError.UNAVAILABLE.exception("the store is down");
            });
            r.get("/api/helidon-bad-request", (req, res) -> {
                throw new BadRequestException("echoes request bytes");
            });
            r.get("/api/jackson", (req, res) -> JsonBodies.send(res, JSON.readTree("{broken")));
            r.get("/ws", (req, res) -> res.send(AuthFilter.caller(req).userId()));
            r.get("/health", (req, res) -> res.send("UP"));
            r.get("/open/anonymous", (req, res) -> res.send(AuthFilter.caller(req).userId()));
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void apiWithoutTokenIs401WithChallenge() {
        HttpResponse<String> res = server.call("GET", "/api/whoami", null, null);
        assertError(res, 401, "unauthorized");
        assertThat(res.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(error(res).get("message").asText()).isEqualTo("missing bearer token");
    }

    @Test
    void apiWithBadOrExpiredTokenIs401() {
        assertError(server.call("GET", "/api/whoami", "not-a-jwt", null), 401, "unauthorized");
        byte[] otherSecret = "some-other-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);
        String forged = new TokenIssuer(otherSecret, CLOCK).issue("alice", Duration.ofMinutes(5));
        assertError(server.call("GET", "/api/whoami", forged, null), 401, "unauthorized");
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired = new TokenIssuer(SECRET, past).issue("alice", Duration.ofHours(1));
        HttpResponse<String> res = server.call("GET", "/api/whoami", expired, null);
        assertError(res, 401, "unauthorized");
        assertThat(error(res).get("message").asText()).isEqualTo("token expired");
    }

    @Test
    void apiWithValidHeaderTokenRegistersTheCaller() {
        HttpResponse<String> res = server.call("GET", "/api/whoami", token("alice"), null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"userId\":\"alice\"}");
    }

    @Test
    void queryTokenIsAcceptedOnlyOnTheWebSocketPath() {
        assertError(server.call("GET", "/api/whoami?access_token=" + token("alice"), null, null), 401, "unauthorized");
        HttpResponse<String> ws = server.call("GET", "/ws?access_token=" + token("alice"), null, null);
        assertThat(ws.statusCode()).isEqualTo(200);
        assertThat(ws.body()).isEqualTo("alice");
        assertThat(server.call("GET", "/ws", token("bob"), null).body()).isEqualTo("bob");
        assertError(server.call("GET", "/ws", null, null), 401, "unauthorized");
        assertError(server.call("GET", "/ws?access_token=garbage", null, null), 401, "unauthorized");
    }

    @Test
    void healthAndOtherPathsStayOpenButCallerStillRequiresAuth() {
        assertThat(server.call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertError(server.call("GET", "/open/anonymous", null, null), 401, "unauthorized");
    }

    @Test
    void pathTricksAreStillProtected() {
        for (String path : new String[]{"//api/whoami", "/api/./whoami", "/x/../api/whoami", "/api%2Fwhoami"}) {
            String response = server.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(response).as(path).startsWith("HTTP/1.1 401").contains("\"error\":\"unauthorized\"");
        }
    }

    @Test
    void devTokenEndpointIsOpenAndIssuesValidTokens() throws IOException {
        HttpResponse<String> res = server.call("POST", AuthFilter.DEV_TOKEN_PATH, null, "{\"userId\":\"carol\"}");
        assertThat(res.statusCode()).isEqualTo(200);
        String token = JSON.readTree(res.body()).get("token").asText();
        assertThat(new TokenVerifier(SECRET, CLOCK).verify(token)).isInstanceOfSatisfying(Verification.Verified.class, v -> assertThat(v.userId()).isEqualTo("carol"));
        assertThat(server.call("GET", "/api/whoami", token, null).body()).contains("carol");
    }

    @Test
    void devTokenEndpointRejectsInvalidIds() {
        assertError(server.call("POST", AuthFilter.DEV_TOKEN_PATH, null, "{\"userId\":\"no spaces\"}"), 400, "bad_request");
        assertError(server.call("POST", AuthFilter.DEV_TOKEN_PATH, null, "{\"userId\":7}"), 400, "bad_request");
        assertError(server.call("POST", AuthFilter.DEV_TOKEN_PATH, null, "{}"), 400, "bad_request");
        assertError(server.call("POST", AuthFilter.DEV_TOKEN_PATH, null, "{"), 400, "bad_request");
    }

    @Test
    void exceptionsMapToTheCatalogue() {
        HttpResponse<String> boom = server.call("GET", "/api/boom", token("alice"), null);
        assertError(boom, 500, "internal");
        assertThat(boom.body()).doesNotContain("secret internals").doesNotContain("IllegalState");
        assertError(server.call("GET", "/api/checked", token("alice"), null), 500, "internal");
        HttpResponse<String> forbidden = server.call("GET", "/api/forbidden", token("alice"), null);
        assertError(forbidden, 403, "forbidden");
        assertThat(error(forbidden).get("message").asText()).isEqualTo("not yours");
        assertError(server.call("GET", "/api/jackson", token("alice"), null), 400, "bad_request");
        assertError(server.call("GET", "/api/no-such-route", token("alice"), null), 404, "not_found");
    }

    @Test
    void unavailableIs503InTheCatalogueFormat() {
        HttpResponse<String> res = server.call("GET", "/api/unavailable", token("alice"), null);
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.body()).isEqualTo("{\"error\":\"unavailable\",\"message\":\"the store is down\"}");
    }

    /** Helidon's own errors get the same fixed message whether a route or the transport raised them. */
    @Test
    void helidonErrorsGetTheFixedMessageOfTheirStatus() {
        HttpResponse<String> routed = server.call("GET", "/api/helidon-bad-request", token("alice"), null);
        assertError(routed, 400, "bad_request");
        assertThat(error(routed).get("message").asText()).isEqualTo(ApiError.BAD_REQUEST.defaultMessage());
        String transport = server.raw("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n{");
        assertThat(transport).startsWith("HTTP/1.1 400").contains("application/json")
                .contains("{\"error\":\"bad_request\",\"message\":\"bad request\"}");
    }

    @Test
    void unexpectedExceptionsAreLoggedOnceWithTheirStackTrace() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ApiErrorHandlers.class.getName());
        logger.addHandler(capture);
        try {
            assertError(server.call("GET", "/api/boom", token("alice"), null), 500, "internal");
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage("secret internals");
        });
    }

    @Test
    void bodiesAreLimited() {
        assertThat(server.call("POST", "/api/echo", token("alice"), "{\"a\":1}").body()).isEqualTo("{\"a\":1}");
        String tooBig = "{\"a\":\"" + "x".repeat(200) + "\"}";
        assertError(server.call("POST", "/api/echo", token("alice"), tooBig), 413, "too_large");
        assertError(server.call("POST", "/api/echo", token("alice"), "{\"a\":"), 400, "bad_request");
        assertError(server.call("POST", "/api/echo", token("alice"), "[]"), 400, "bad_request");
    }

    @Test
    void chunkedBodiesAreLimitedWhileReading() {
        String chunk = "{\"a\":\"" + "x".repeat(300) + "\"}";
        String response = server.raw("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token("alice") + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413").contains("\"error\":\"too_large\"");
    }

    @Test
    void bodiesOverTheListenerLimitGetJson413BeforeRouting() {
        String response = server.raw("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 20000\r\n\r\n{");
        assertThat(response).startsWith("HTTP/1.1 413").contains("application/json")
                .contains("{\"error\":\"too_large\",\"message\":\"request body too large\"}");
    }

    static String token(String userId) {
        return ISSUER.issue(userId, Duration.ofMinutes(5));
    }

    static JsonNode error(HttpResponse<String> res) {
        try {
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + res.body(), e);
        }
    }

    static void assertError(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = error(res);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").isTextual()).isTrue();
        assertThat(body.size()).isEqualTo(2);
    }
}
