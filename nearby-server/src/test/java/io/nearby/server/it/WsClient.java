package io.nearby.server.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A real WebSocket client (JDK java.net.http) for integration tests: sends JSON text frames, queues every
 * received message, and asserts on the exact sequence received — except {@code cadence} messages, which are queued
 * apart ({@link #expectCadence}), so that every other test sees it as a client that ignores the cadence.
 */
public final class WsClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One client (one selector thread) for every connection of the JVM: hundreds of clients stay cheap. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final WebSocket ws;
    private final BlockingQueue<JsonNode> received;
    /** {@code cadence} messages, apart: the other methods see the client as one that ignores the cadence. */
    private final BlockingQueue<JsonNode> cadences;
    private final CompletableFuture<Integer> closed;
    private final CompletableFuture<Long> closedAtNanos;

    private WsClient(String name, WebSocket ws, BlockingQueue<JsonNode> received, BlockingQueue<JsonNode> cadences,
                     CompletableFuture<Integer> closed, CompletableFuture<Long> closedAtNanos) {
        this.name = name;
        this.ws = ws;
        this.received = received;
        this.cadences = cadences;
        this.closed = closed;
        this.closedAtNanos = closedAtNanos;
    }

    static WsClient connect(URI uri, String name) {
        return connect(uri, name, null);
    }

    /** Connects with an {@code Authorization} header value (or none when null). */
    static WsClient connect(URI uri, String name, String authorization) {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        BlockingQueue<JsonNode> cadences = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        CompletableFuture<Long> closedAtNanos = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode m = JSON.readTree(partial.toString());
                        (m.path("type").asText().equals("cadence") ? cadences : received).add(m);
                    } catch (Exception e) {
                        received.add(JSON.createObjectNode().put("type", "unparsable").put("text", partial.toString()));
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closedAtNanos.complete(System.nanoTime());
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closedAtNanos.complete(System.nanoTime());
                closed.complete(-1);
            }
        };
        try {
            var builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            WebSocket ws = builder.buildAsync(uri, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return new WsClient(name, ws, received, cadences, closed, closedAtNanos);
        } catch (Exception e) {
            throw new IllegalStateException(name + " could not connect to " + uri + ": " + e, e);
        }
    }

    /** The HTTP status with which the upgrade was refused, or fails if it was accepted. */
    static int refusedStatus(URI uri, String authorization) {
        try {
            var builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            WebSocket ws = builder.buildAsync(uri, new WebSocket.Listener() {
            }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            ws.abort();
            return fail("the upgrade was accepted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public WsClient send(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    /** One message sent as several WebSocket frames (a text frame and continuation frames). */
    public WsClient sendFragmented(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            ws.sendText(parts[i], i == parts.length - 1).join();
        }
        return this;
    }

    public WsClient init(double lat, double lon) {
        return init(lat, lon, System.currentTimeMillis());
    }

    public WsClient location(double lat, double lon) {
        return location(lat, lon, System.currentTimeMillis());
    }

    /** An {@code init} taken at {@code ts} (ms), e.g. by a client whose clock is not the test's. */
    public WsClient init(double lat, double lon, long ts) {
        return send(fix("init", lat, lon, ts));
    }

    public WsClient location(double lat, double lon, long ts) {
        return send(fix("location", lat, lon, ts));
    }

    private static String fix(String type, double lat, double lon, long ts) {
        return "{\"type\":\"" + type + "\",\"lat\":" + lat + ",\"lon\":" + lon + ",\"ts\":" + ts + "}";
    }

    /** Pings and waits for the pong, skipping other messages but failing on an error: all sent so far was handled. */
    public void processed() {
        send("{\"type\":\"ping\"}");
        for (JsonNode m = next(); !m.path("type").asText().equals("pong"); m = next()) {
            assertThat(m.path("type").asText()).as(name + " got " + m).isNotEqualTo("error");
        }
    }

    /** The next message, whatever it is; fails after {@link #WAIT}. */
    public JsonNode next() {
        return next(WAIT);
    }

    public JsonNode next(Duration wait) {
        try {
            JsonNode m = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                fail(name + " received nothing within " + wait);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next {@code cadence} message's seconds (cadence messages are kept apart from the others). */
    public int expectCadence() {
        return expectCadence(WAIT);
    }

    public int expectCadence(Duration wait) {
        try {
            JsonNode m = cadences.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                fail(name + " received no cadence within " + wait);
            }
            assertThat(m.path("seconds").isInt()).as(name + " got " + m).isTrue();
            return m.path("seconds").asInt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The cadence messages received so far, without waiting (and forgets them). */
    public List<Integer> cadencesSoFar() {
        List<JsonNode> all = new ArrayList<>();
        cadences.drainTo(all);
        return all.stream().map(m -> m.path("seconds").asInt()).toList();
    }

    /** The next message must be of this type; returned for further assertions. */
    public JsonNode expect(String type) {
        return expect(type, WAIT);
    }

    /** The next message, arriving within {@code wait}, must be of this type. */
    public JsonNode expect(String type, Duration wait) {
        JsonNode m = next(wait);
        assertThat(m.path("type").asText()).as(name + " expected " + type + " but got " + m).isEqualTo(type);
        return m;
    }

    /** The next message is a friend_location of {@code id}. */
    public JsonNode expectFriendLocation(String id) {
        JsonNode m = expect("friend_location");
        assertThat(m.path("id").asText()).as(name + " got " + m).isEqualTo(id);
        return m;
    }

    public JsonNode expectFriendGone(String id, String reason) {
        return expectFriendGone(id, reason, WAIT);
    }

    /** The next message, arriving within {@code wait}, is a friend_gone of {@code id} for {@code reason}. */
    public JsonNode expectFriendGone(String id, String reason, Duration wait) {
        JsonNode m = expect("friend_gone", wait);
        assertThat(m.path("id").asText() + "/" + m.path("reason").asText()).as(name + " got " + m).isEqualTo(id + "/" + reason);
        return m;
    }

    public JsonNode expectError(String code) {
        JsonNode m = expect("error");
        assertThat(m.path("code").asText()).as(name + " got " + m).isEqualTo(code);
        assertThat(m.path("message").asText()).as("an error explains itself").isNotBlank();
        return m;
    }

    /** Nothing arrives during {@code quiet}. */
    public void expectNothing(Duration quiet) {
        try {
            JsonNode m = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (m != null) {
                fail(name + " expected nothing but got " + m);
            }
        } catch (InterruptedException e) {
            // the quiet period was not observed to the end: that proves nothing, so it must not pass
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted while expecting nothing for " + quiet, e);
        }
    }

    /** Every message received so far that matches, without waiting. */
    public List<JsonNode> drain(Predicate<JsonNode> filter) {
        List<JsonNode> all = new ArrayList<>();
        received.drainTo(all);
        return all.stream().filter(filter).toList();
    }

    /** The connection is usable while other messages keep arriving: a ping gets its pong, whatever comes before it. */
    public void assertAliveAmid() {
        send("{\"type\":\"ping\"}");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))).path("type").asText().equals("pong")) {
            // skip what arrived before the pong
        }
    }

    /** The connection is usable: a ping gets its pong (skipping nothing: the pong must be next). */
    public void assertAlive() {
        send("{\"type\":\"ping\"}");
        expect("pong");
    }

    public int awaitClose() {
        return awaitClose(WAIT);
    }

    /** The close code, once the connection is closed within {@code wait}. */
    public int awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail(name + " was not closed within " + wait);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** {@link System#nanoTime()} when the close (or the connection error) arrived; fails if it has not. */
    public long closedAtNanos() {
        assertThat(closedAtNanos).as(name + " is closed").isDone();
        return closedAtNanos.join();
    }

    /** Drops the TCP connection without a close frame, as a phone losing its network does. */
    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
            ws.abort();
        }
    }
}
