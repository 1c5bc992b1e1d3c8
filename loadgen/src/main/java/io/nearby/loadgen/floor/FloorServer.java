package io.nearby.loadgen.floor;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

/**
 * The stack floor: the least a Helidon 4 WebSocket server on virtual threads can do per location update of the
 * benchmark — receive the text frame and send it, unchanged, to the K local connections the real server would deliver
 * it to (the {@link ForwardingPlan}). No Redis, no JSON beyond recognising {@code init} by its prefix, no
 * authentication, no per-session state but the connection itself. Forwarding is a plain {@link WsSession#send} to
 * each receiver, on the sender's own connection virtual thread (Helidon serialises concurrent sends to one
 * connection with its send lock), so its cost is what any design on this stack pays at least.
 *
 * <p>The load generator runs it as its own process, with exactly the server's JVM flags, so that its CPU can be read
 * from {@code /proc/<pid>/stat} like the server's:
 *
 * <pre>java &lt;server JVM flags&gt; -cp loadgen.jar:libs/* io.nearby.loadgen.floor.FloorServer --port 8099 --plan plan.txt</pre>
 *
 * <p>HTTP: {@code GET /health} (200 once listening), {@code GET /metrics} (Prometheus text: frames received and
 * forwarded, send failures, open connections, heap in use). WebSocket: {@code /ws?u=<index>}; an {@code init} frame
 * is answered with an empty {@code nearby} page (the generator's clients wait for it), every other text frame is
 * forwarded. Stops on SIGTERM.
 */
public final class FloorServer {
    /** The answer to {@code init}, shaped like the server's first page with no friends visible. */
    static final String EMPTY_PAGE = "{\"type\":\"nearby\",\"page\":0,\"pageSize\":20,\"total\":0,\"friends\":[]}";
    /** The server's limit on one message (ClientMessageParser.MAX_MESSAGE_CHARS). */
    static final int MAX_FRAME = 64 * 1024;

    private final ForwardingPlan plan;
    private final AtomicReferenceArray<WsSession> sessions;
    final LongAdder received = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder connections = new LongAdder();

    FloorServer(ForwardingPlan plan) {
        this.plan = plan;
        this.sessions = new AtomicReferenceArray<>(plan.size());
    }

    public static void main(String[] args) throws InterruptedException {
        int port = -1;
        Path planFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--plan" -> planFile = Path.of(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (port < 0 || planFile == null || args.length % 2 != 0) {
            usage("need --port and --plan");
        }
        FloorServer floor = new FloorServer(ForwardingPlan.read(planFile));
        WebServer server = floor.webServer(port).start();
        System.out.println("floor: listening on http://127.0.0.1:" + server.port() + " (" + floor.plan.size()
                + " connections planned, " + floor.plan.meanTargets() + " targets each on average)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "floor-stop"));
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println("floor: " + problem + "\nusage: FloorServer --port N --plan FILE");
        System.exit(2);
    }

    WebServer webServer(int port) {
        return WebServer.builder()
                .port(port)
                .addProtocol(WsConfig.builder().name("websocket").maxFrameLength(MAX_FRAME).build())
                .routing(r -> r.get("/health", (req, res) -> res.send("ok"))
                        .get("/metrics", (req, res) -> res.send(metrics())))
                .addRouting(WsRouting.builder().endpoint("/ws", Connection::new))
                .build();
    }

    /** The floor's counters in Prometheus text form. */
    String metrics() {
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return "floor_received_total " + received.sum() + "\n"
                + "floor_forwarded_total " + forwarded.sum() + "\n"
                + "floor_send_failures_total " + sendFailures.sum() + "\n"
                + "floor_connections " + connections.sum() + "\n"
                + "jvm_memory_used_bytes{area=\"heap\"} " + heap + "\n";
    }

    /** The index named by {@code ?u=}, or -1 when missing or outside the plan. */
    int index(String u) {
        try {
            int i = Integer.parseInt(u);
            return i >= 0 && i < plan.size() ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Connection {@code index} is open (a reconnect replaces the previous one). */
    void opened(int index, WsSession ws) {
        if (sessions.getAndSet(index, ws) == null) {
            connections.increment();
        }
    }

    /** Connection {@code index} closed; nothing is forwarded to it any more (unless it was replaced already). */
    void closed(int index, WsSession ws) {
        if (index >= 0 && sessions.compareAndSet(index, ws, null)) {
            connections.decrement();
        }
    }

    /** One received text message: answered ({@code init}) or forwarded to its targets that are connected. */
    void onText(int from, WsSession ws, String text) {
        received.increment();
        if (text.startsWith("{\"type\":\"init\"")) {
            ws.send(EMPTY_PAGE, true);
            return;
        }
        for (int target : plan.targetsOf(from)) {
            WsSession to = sessions.get(target);
            if (to == null) {
                continue;
            }
            try {
                to.send(text, true);
                forwarded.increment();
            } catch (RuntimeException closed) {
                sendFailures.increment();
            }
        }
    }

    /** Helidon makes one per upgrade; its calls run on the connection's virtual thread. */
    private final class Connection implements WsListener {
        private final StringBuilder partial = new StringBuilder();
        private int index = -1;

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
            index = index(prologue.query().first("u").asOptional().orElse(""));
            if (index < 0) {
                throw new WsUpgradeException("need ?u=<index> within the plan");
            }
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession ws) {
            opened(index, ws);
        }

        @Override
        public void onMessage(WsSession ws, String text, boolean last) {
            if (!last) {
                partial.append(text);
                return;
            }
            String message = partial.isEmpty() ? text : partial.append(text).toString();
            partial.setLength(0);
            onText(index, ws, message);
        }

        @Override
        public void onClose(WsSession ws, int status, String reason) {
            closed(index, ws);
        }

        @Override
        public void onError(WsSession ws, Throwable t) {
            closed(index, ws);
        }
    }
}
