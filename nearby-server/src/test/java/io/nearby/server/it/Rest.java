package io.nearby.server.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** REST calls of one user (or of nobody, with a null token) against one server. */
public final class Rest {
    /** A hung server fails the call (and its test), not the whole build. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String token;

    Rest(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    public Response call(String method, String path, String body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(res.statusCode(), res.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
    }

    public Response ok(String method, String path, String body) {
        Response r = call(method, path, body);
        assertThat(r.status()).as(method + " " + path + " → " + r.body()).isBetween(200, 299);
        return r;
    }

    public void profile(String name) {
        ok("PUT", "/api/users/me", "{\"name\":\"" + name + "\"}");
    }

    public void sharing(boolean on) {
        ok("PUT", "/api/users/me/sharing", "{\"enabled\":" + on + "}");
    }

    public void discoverable(boolean on) {
        ok("PUT", "/api/users/me/discoverable", "{\"enabled\":" + on + "}");
    }

    public String add(String friendId) {
        return ok("POST", "/api/friends/" + friendId, null).json().path("status").asText();
    }

    public void unfriend(String friendId) {
        ok("DELETE", "/api/friends/" + friendId, null);
    }

    /** {@code GET /api/users/me/history<query>}: the points. */
    public List<JsonNode> history(String query) {
        JsonNode body = ok("GET", "/api/users/me/history" + query, null).json();
        return StreamSupport.stream(body.path("points").spliterator(), false).toList();
    }
}
