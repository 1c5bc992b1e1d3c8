package io.nearby.server.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearby.testkit.HttpCalls;

import static org.assertj.core.api.Assertions.assertThat;

/** REST calls of one user (or of nobody, with a null token) against one server. */
public final class Rest {
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
        HttpResponse<String> res = HttpCalls.call(method, URI.create(base + path), token, body);
        return new Response(res.statusCode(), res.body());
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
