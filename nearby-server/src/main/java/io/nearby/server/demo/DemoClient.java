package io.nearby.server.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One demo user as a real client of the server: REST calls with its own bearer token and one WebSocket, the same
 * paths as the web client and the apps (no back door). Messages the server sends it are read and ignored.
 * Not thread-safe: one {@link DemoCrowd} thread drives it.
 */
final class DemoClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A REST call that did not answer 2xx, or a WebSocket that could not be opened. */
    static final class DemoException extends RuntimeException {
        final int status;

        DemoException(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final String userId;
    private final String token;
    private WebSocket socket;
    private volatile boolean closedByServer;

    DemoClient(HttpClient http, URI base, String userId, String token) {
        this.http = http;
        this.base = base;
        this.userId = userId;
        this.token = token;
    }

    String userId() {
        return userId;
    }

    /** A REST call; returns the body of a 2xx answer. */
    String call(String method, String path, String json) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            req.header("Content-Type", "application/json");
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DemoException(userId + ": " + method + " " + path + " failed: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException(userId + ": " + method + " " + path + " interrupted", 0);
        }
        if (res.statusCode() / 100 != 2) {
            throw new DemoException(userId + ": " + method + " " + path + " → " + res.statusCode() + " " + res.body(),
                    res.statusCode());
        }
        return res.body();
    }

    /** Opens the WebSocket (closing an earlier one). */
    void connect() {
        disconnect();
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("/ws");
        closedByServer = false;
        try {
            socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT).header("Authorization", "Bearer " + token)
                    .buildAsync(ws, new Ignoring()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new DemoException(userId + ": WebSocket " + ws + " failed: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException(userId + ": WebSocket interrupted", 0);
        }
    }

    boolean connected() {
        return socket != null && !closedByServer && !socket.isOutputClosed();
    }

    /** {@code init} or {@code location}; waits until the frame is written. */
    void send(String type, double lat, double lon, long ts) {
        String json = String.format(Locale.ROOT, "{\"type\":\"%s\",\"lat\":%.6f,\"lon\":%.6f,\"ts\":%d}", type, lat, lon, ts);
        try {
            socket.sendText(json, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closedByServer = true;
            throw new DemoException(userId + ": send failed: " + e, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException(userId + ": send interrupted", 0);
        }
    }

    /** Closes the WebSocket with 1000, without waiting for the server's answer. */
    void disconnect() {
        WebSocket s = socket;
        socket = null;
        if (s != null && !s.isOutputClosed()) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "demo stopped").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((ok, e) -> s.abort());
        }
    }

    private final class Ignoring implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedByServer = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedByServer = true;
        }
    }
}
