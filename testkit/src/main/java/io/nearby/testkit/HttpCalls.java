package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The tests' HTTP client: one {@code java.net.http} client with a connect timeout, requests with a request timeout
 * (a hung server fails the call and its test, not the whole build), JSON bodies, bearer tokens. The modules' own
 * helpers (api's {@code TestServer}, friends' {@code TestClient}, nearby-server's {@code Rest}) call through it.
 */
public final class HttpCalls {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Larger bodies are sent with {@code Expect: 100-continue}, as a careful client uploads what may be refused. */
    public static final int EXPECT_CONTINUE_ABOVE_BYTES = 64 * 1024;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private HttpCalls() {
    }

    /**
     * {@code method uri} with an optional bearer {@code token} and JSON {@code body} (either may be null). A body over
     * {@link #EXPECT_CONTINUE_ABOVE_BYTES} waits for the server's 100 (RFC 9110 §10.1.1): a server that refuses it
     * from the headers answers 413 before the body, instead of a reset that could hide the 413.
     */
    public static HttpResponse<String> call(String method, URI uri, String token, String body) {
        HttpRequest.Builder request = request(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            if (body.length() > EXPECT_CONTINUE_ABOVE_BYTES) {
                request.expectContinue(true);
            }
        }
        return send(request.build());
    }

    /** A GET without a token. */
    public static HttpResponse<String> get(URI uri) {
        return call("GET", uri, null, null);
    }

    /** A request builder with the request timeout, for a test that sets headers of its own. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    }

    /** Sends a request of the test's own through the shared client. */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + request.uri() + " interrupted", e);
        }
    }
}
