import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An interactive terminal client for a Nearby Friends server in dev mode (what `./nearby client <user>` runs).
 * Single file, JDK only: {@code java tools/NearbyClient.java alice [http://localhost:8080]}.
 *
 * <p>It gets a dev token (POST /api/dev/token), creates the profile if there is none and turns sharing on,
 * opens the WebSocket and prints every message it receives. Type commands (see HELP) or raw JSON. After the first
 * {@code init} it repeats the last position typed as a {@code location} at the protocol's 30 s, or at the interval the
 * server asks for with {@code cadence}, as a phone would (a silent client turns inactive for its friends).
 */
public final class NearbyClient {
    private static final String HELP = """
            commands:  init LAT LON | move LAT LON | page N | sub ID | unsub ID | random on|off | ping
                       add ID | unfriend ID | friends | sharing on|off | discoverable on|off | me | quit
                       ghost MINUTES (sharing off, back on by itself after that) | hide ID | show ID (your location
                       to one friend) | alert METERS (tell me when a friend comes that close; 0 = off)
                       {"type":...}   any raw JSON message""";

    private static final int NORMAL_CADENCE_SECONDS = 30;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private String token;
    private final ScheduledExecutorService repeater = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cadence");
        t.setDaemon(true);
        return t;
    });
    private WebSocket socket;
    /** The last position typed ("lat,lon"), repeated at the cadence; null before the first init. */
    private volatile String lastPosition;
    private ScheduledFuture<?> repeating;

    private NearbyClient(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java tools/NearbyClient.java USER_ID [http://localhost:8080]");
            System.exit(2);
        }
        String user = args[0];
        NearbyClient client = new NearbyClient(args.length > 1 ? args[1] : "http://localhost:8080");
        client.run(user);
    }

    private void run(String user) throws Exception {
        HttpResponse<String> t = post("/api/dev/token", "{\"userId\":\"" + user + "\"}", false);
        if (t.statusCode() != 200) {
            throw new IllegalStateException("no dev token (is the server in dev mode?): " + t.statusCode() + " " + t.body());
        }
        token = t.body().replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        if (call("GET", "/api/users/me", null).statusCode() == 404) {
            print("PUT /api/users/me", call("PUT", "/api/users/me", "{\"name\":\"" + user + "\"}"));
            print("PUT /api/users/me/sharing", call("PUT", "/api/users/me/sharing", "{\"enabled\":true}"));
        }
        CountDownLatch closed = new CountDownLatch(1);
        String ws = base.replaceFirst("^http", "ws") + "/ws?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    System.out.println("<< " + partial);
                    String text = partial.toString();
                    if (text.startsWith("{\"type\":\"cadence\"")) {
                        int seconds = Integer.parseInt(text.replaceAll(".*\"seconds\":([0-9]+).*", "$1"));
                        System.out.println("-- the server asks for your position every " + seconds + " s: repeating it that often");
                        repeatEvery(seconds);
                    }
                    if (text.startsWith("{\"type\":\"friend_nearby\"")) {
                        System.out.println("!! " + text.replaceAll(".*\"name\":\"((?:[^\"\\\\]|\\\\.)*)\".*", "$1")
                                + " is within " + text.replaceAll(".*\"distanceMeters\":([0-9.]+).*", "$1") + " m");
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
                System.out.println("-- closed " + code + " " + reason);
                closed.countDown();
                return null;
            }
        }).join();
        System.out.println("-- connected to " + base + " as " + user + "\n" + HELP);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; closed.getCount() > 0 && (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            String json = switch (w[0]) {
                case "" -> null;
                case "init", "move" -> "{\"type\":\"" + (w[0].equals("init") ? "init" : "location") + "\",\"lat\":" + w[1]
                        + ",\"lon\":" + w[2] + ",\"ts\":" + System.currentTimeMillis() + "}";
                case "page" -> "{\"type\":\"nearby\",\"page\":" + w[1] + "}";
                case "sub", "unsub" -> "{\"type\":\"" + (w[0].equals("sub") ? "subscribe" : "unsubscribe") + "\",\"friendId\":\"" + w[1] + "\"}";
                case "random" -> "{\"type\":\"random\",\"enabled\":" + w[1].equals("on") + "}";
                case "ping" -> "{\"type\":\"ping\"}";
                case "quit" -> {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
                    yield null;
                }
                default -> line.trim().startsWith("{") ? line.trim() : rest(w);
            };
            if (json != null) {
                System.out.println(">> " + json);
                send(json);
                if (w[0].equals("init") || w[0].equals("move")) {
                    boolean first = lastPosition == null;
                    lastPosition = w[1] + "," + w[2];
                    if (first) {
                        repeatEvery(NORMAL_CADENCE_SECONDS);
                    }
                }
            }
        }
    }

    /** One text frame at a time: the typed commands and the repeater share the socket. */
    private synchronized void send(String json) {
        socket.sendText(json, true).join();
    }

    /** From now on, the last position goes out as a {@code location} every {@code seconds} (the next one too). */
    private synchronized void repeatEvery(int seconds) {
        if (repeating != null) {
            repeating.cancel(false);
        }
        repeating = repeater.scheduleAtFixedRate(this::repeat, seconds, seconds, TimeUnit.SECONDS);
    }

    private void repeat() {
        String p = lastPosition;
        if (p == null) {
            return;
        }
        String[] ll = p.split(",");
        String json = "{\"type\":\"location\",\"lat\":" + ll[0] + ",\"lon\":" + ll[1] + ",\"ts\":" + System.currentTimeMillis() + "}";
        System.out.println(">> " + json + "   (repeated at the cadence)");
        send(json);
    }

    /** REST commands; prints the answer and returns null (nothing to send on the socket). */
    private String rest(String[] w) throws Exception {
        try {
            restCommand(w);
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            System.out.println("?? " + String.join(" ", w) + " needs an argument (a number where one is expected)\n" + HELP);
        }
        return null;
    }

    private void restCommand(String[] w) throws Exception {
        switch (w[0]) {
            case "add" -> print("POST /api/friends/" + w[1], call("POST", "/api/friends/" + w[1], null));
            case "unfriend" -> print("DELETE /api/friends/" + w[1], call("DELETE", "/api/friends/" + w[1], null));
            case "friends" -> print("GET /api/friends", call("GET", "/api/friends", null));
            case "me" -> print("GET /api/users/me", call("GET", "/api/users/me", null));
            case "sharing", "discoverable" -> print("PUT /api/users/me/" + w[0],
                    call("PUT", "/api/users/me/" + w[0], "{\"enabled\":" + w[1].equals("on") + "}"));
            case "ghost" -> print("PUT /api/users/me/sharing", call("PUT", "/api/users/me/sharing",
                    "{\"enabled\":false,\"until\":" + (System.currentTimeMillis() + Long.parseLong(w[1]) * 60_000) + "}"));
            case "hide", "show" -> print("PUT /api/friends/" + w[1] + "/visibility", call("PUT",
                    "/api/friends/" + w[1] + "/visibility", "{\"visible\":" + w[0].equals("show") + "}"));
            case "alert" -> print("PUT /api/users/me/alerts", call("PUT", "/api/users/me/alerts", "{\"meters\":" + w[1] + "}"));
            default -> System.out.println("?? " + String.join(" ", w) + "\n" + HELP);
        }
    }

    private HttpResponse<String> post(String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            req.header("Authorization", "Bearer " + token);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void print(String what, HttpResponse<String> res) {
        System.out.println("-- " + what + " → " + res.statusCode() + " " + res.body());
    }
}
