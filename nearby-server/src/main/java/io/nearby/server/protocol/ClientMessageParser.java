package io.nearby.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nearby.api.UserIds;

/**
 * Text frame → {@link ClientMessage}, checking JSON types and required fields. Every problem becomes a
 * {@link Parsed.Rejected} with a message a developer can act on ("field 'lat' must be a number"); nothing
 * a client sends makes this throw. Unknown fields are ignored (forward compatibility).
 */
public final class ClientMessageParser {
    /** Largest accepted message, in chars (frames above 64 KiB are refused with close 1009 earlier). */
    public static final int MAX_MESSAGE_CHARS = 64 * 1024;

    /**
     * Buffers come from one pool shared by every thread: Jackson's default pool is per thread, and with a virtual
     * thread per connection each idle connection would keep its own 8 KiB buffer.
     */
    private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(64).build())
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .build();

    public Parsed parse(String text) {
        if (text.length() > MAX_MESSAGE_CHARS) {
            return new Parsed.Rejected(ErrorCode.TOO_LARGE, "message is " + text.length() + " chars, the limit is " + MAX_MESSAGE_CHARS);
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException | RuntimeException e) {
            return Parsed.bad("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return Parsed.bad("a message must be a JSON object with a 'type' field");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            return Parsed.bad("field 'type' is required and must be a string");
        }
        return switch (type.asText()) {
            case "init" -> fix(root, true);
            case "location" -> fix(root, false);
            case "nearby" -> page(root);
            case "subscribe", "unsubscribe" -> friend(root, type.asText());
            case "random" -> random(root);
            case "ping" -> new Parsed.Ok(new ClientMessage.Ping());
            case "auth" -> auth(root);
            default -> Parsed.bad("unknown message type '" + abbreviate(type.asText()) + "'");
        };
    }

    private static Parsed fix(JsonNode root, boolean init) {
        JsonNode lat = root.get("lat");
        JsonNode lon = root.get("lon");
        JsonNode ts = root.get("ts");
        if (lat == null || !lat.isNumber()) {
            return Parsed.bad("field 'lat' is required and must be a number");
        }
        if (lon == null || !lon.isNumber()) {
            return Parsed.bad("field 'lon' is required and must be a number");
        }
        if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
            return Parsed.bad("field 'ts' is required and must be an integer (milliseconds since the epoch)");
        }
        ClientMessage m = init
                ? new ClientMessage.Init(lat.doubleValue(), lon.doubleValue(), ts.longValue())
                : new ClientMessage.Location(lat.doubleValue(), lon.doubleValue(), ts.longValue());
        return new Parsed.Ok(m);
    }

    private static Parsed page(JsonNode root) {
        JsonNode page = root.get("page");
        if (page == null || !page.isIntegralNumber() || !page.canConvertToInt() || page.intValue() < 0) {
            return Parsed.bad("field 'page' is required and must be an integer >= 0");
        }
        return new Parsed.Ok(new ClientMessage.NearbyPage(page.intValue()));
    }

    private static Parsed friend(JsonNode root, String type) {
        JsonNode id = root.get("friendId");
        if (id == null || !id.isTextual()) {
            return Parsed.bad("field 'friendId' is required and must be a string");
        }
        if (!UserIds.valid(id.asText())) {
            return Parsed.bad("field 'friendId' must be 1-" + UserIds.MAX_LENGTH + " characters of [A-Za-z0-9_-]");
        }
        return new Parsed.Ok(type.equals("subscribe")
                ? new ClientMessage.Subscribe(id.asText())
                : new ClientMessage.Unsubscribe(id.asText()));
    }

    private static Parsed auth(JsonNode root) {
        JsonNode token = root.get("token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            return Parsed.bad("field 'token' is required and must be a string (a JWT)");
        }
        return new Parsed.Ok(new ClientMessage.Auth(token.asText()));
    }

    private static Parsed random(JsonNode root) {
        JsonNode enabled = root.get("enabled");
        if (enabled == null || !enabled.isBoolean()) {
            return Parsed.bad("field 'enabled' is required and must be true or false");
        }
        return new Parsed.Ok(new ClientMessage.Random(enabled.booleanValue()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
