package io.nearby.friends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearby.testkit.HttpCalls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

/** The test kit's {@link HttpCalls} against a server on localhost; answers carry the status and the parsed JSON body. */
final class TestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final int port;

    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String error() {
            return json().get("error").asText();
        }

        String message() {
            return json().get("message").asText();
        }
    }

    TestClient(int port) {
        this.port = port;
    }

    Answer call(String method, String path, String token, String body) {
        HttpResponse<String> response = HttpCalls.call(method, URI.create("http://127.0.0.1:" + port + path), token, body);
        return new Answer(response.statusCode(), response.body(), response);
    }
}
