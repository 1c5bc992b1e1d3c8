package io.nearby.loadgen;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One simulated user's WebSocket: sends its {@code init} and {@code location} messages (one at a time, as the JDK
 * WebSocket requires) and turns what the server sends back into counts and latency samples.
 *
 * <p>A {@code friend_location} whose (id, ts) is in the {@link SendLog} and newer than anything this user has seen of
 * that friend is one end-to-end latency sample: from just before the friend's {@code sendText} to the complete frame
 * arriving here. The listener calls of one WebSocket are sequential, so the per-connection state needs no lock.
 *
 * <p>Against the stack floor ({@code floor} true) the frames that arrive are the friends' own {@code location}
 * messages, forwarded unchanged (they carry the sender's {@code id} in that mode); they are treated exactly like
 * {@code friend_location}. Frames are read by {@link FrameScan} first; {@code nearby} pages, {@code error}s and
 * anything the scanner cannot read go through Jackson; unknown types are counted and otherwise ignored.
 */
final class UserSocket implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int user;
    private final RunIds ids;
    private final SendLog sendLog;
    private final LoadCounters counters;
    private final boolean floor;
    /** user → server index in a multi-node run (a delivery between two servers is also a cross-server sample); or null. */
    private final int[] placement;
    private final SeenTimestamps seen = new SeenTimestamps();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> initialised = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    UserSocket(int user, RunIds ids, SendLog sendLog, LoadCounters counters, boolean floor) {
        this(user, ids, sendLog, counters, floor, null);
    }

    UserSocket(int user, RunIds ids, SendLog sendLog, LoadCounters counters, boolean floor, int[] placement) {
        this.user = user;
        this.ids = ids;
        this.sendLog = sendLog;
        this.counters = counters;
        this.floor = floor;
        this.placement = placement;
    }

    int user() {
        return user;
    }

    /** Completes with the first {@code nearby} page (the answer to {@code init}). */
    CompletableFuture<Void> initialised() {
        return initialised;
    }

    boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !closed.isDone() && !ws.isOutputClosed();
    }

    /** Queues one text frame behind the previous one; a failed send is counted, never thrown. */
    synchronized void send(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            throw new IllegalStateException("not connected");
        }
        sending = sending.handle((r, e) -> null)
                .thenCompose(x -> ws.sendText(text, true))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        counters.sendFailures.increment();
                    }
                });
    }

    /** Normal closure; completes when the close frame is out (the server's answer is not awaited). */
    CompletableFuture<?> close() {
        WebSocket ws = socket;
        if (ws == null || ws.isOutputClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (this) {
            return sending.handle((r, e) -> null).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"))
                    .exceptionally(e -> null);
        }
    }

    /** Drops the TCP connection without a close handshake (when a graceful close takes too long). */
    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        if (last) {
            CharSequence text = data;
            if (!partial.isEmpty()) {
                text = partial.append(data).toString();
                partial.setLength(0);
            }
            try {
                handle(text, now);
            } catch (Exception e) {
                counters.error("unparseable-frame");
            }
        } else {
            partial.append(data);
        }
        webSocket.request(1);
        return null;
    }

    private void handle(CharSequence text, long nowNanos) throws java.io.IOException {
        FrameScan frame = FrameScan.of(text);
        if (frame != null && frame.type() != null) {
            switch (frame.type()) {
                case "friend_location" -> {
                    friendLocation(frame.id(), frame.ts(), nowNanos);
                    return;
                }
                case "location" -> {
                    if (floor) {
                        friendLocation(frame.id(), frame.ts(), nowNanos);
                        return;
                    }
                }
                case "friend_gone" -> {
                    counters.friendGone.increment();
                    return;
                }
                case "nearby", "error" -> {
                    // read below
                }
                default -> {
                    counters.otherMessages.increment(); // pong, cadence, anything newer than this generator
                    return;
                }
            }
        }
        handle(JSON.readTree(text.toString()), nowNanos);
    }

    private void handle(JsonNode msg, long nowNanos) {
        switch (msg.path("type").asText()) {
            case "friend_location" -> friendLocation(msg.path("id").asText(), msg.path("ts").asLong(), nowNanos);
            case "nearby" -> {
                for (JsonNode f : msg.path("friends")) {
                    int friend = ids.index(f.path("id").asText());
                    if (friend >= 0) {
                        seen.firstSighting(friend, f.path("ts").asLong());
                    }
                }
                initialised.complete(null);
            }
            case "friend_gone" -> counters.friendGone.increment();
            case "error" -> counters.error(msg.path("code").asText("?"));
            default -> counters.otherMessages.increment();
        }
    }

    private void friendLocation(String id, long ts, long nowNanos) {
        counters.friendLocations.increment();
        int friend = ids.index(id);
        if (friend < 0) {
            counters.unmatched.increment();
            return;
        }
        if (!seen.firstSighting(friend, ts)) {
            counters.repeats.increment();
            return;
        }
        SendLog.Sent sent = sendLog.lookup(friend, ts);
        if (sent == null) {
            counters.unmatched.increment();
            return;
        }
        counters.delivered(sent.window(), sent.nanos(), nowNanos, placement != null && placement[friend] != placement[user]);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        counters.closed(statusCode);
        closed.complete(statusCode);
        initialised.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        counters.error("ws-" + error.getClass().getSimpleName());
        closed.complete(-1);
        initialised.completeExceptionally(error);
    }
}
