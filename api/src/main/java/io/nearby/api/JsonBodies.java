package io.nearby.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/**
 * Reads small JSON request bodies with a size limit and writes JSON responses. A request body must be one JSON
 * object of at most {@code maxBytes} bytes: larger → 413 {@code too_large} (checked on {@code Content-Length} before
 * reading, and while reading for chunked bodies); empty, malformed, with duplicate keys or not an object → 400
 * {@code bad_request}. The {@code Content-Type} is not checked (curl without {@code -H} works). Unknown fields are
 * ignored. Thread-safe.
 */
public final class JsonBodies {
    /** Default limit: our bodies are a few hundred bytes at most. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024;

    private final int maxBytes;

    /** @param maxBytes largest accepted body, in bytes (> 0) */
    public JsonBodies(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    /** Bodies up to {@link #DEFAULT_MAX_BYTES}. */
    public static JsonBodies create() {
        return new JsonBodies(DEFAULT_MAX_BYTES);
    }

    /**
     * Reads the request body as a JSON object. Side effect: consumes the request entity.
     *
     * @throws ApiException 400 or 413 as described on the class
     */
    public JsonFields read(ServerRequest req) {
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge();
        }
        if (!req.content().hasEntity()) {
            throw ApiError.BAD_REQUEST.exception("a JSON object body is required");
        }
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read request body", e);
        }
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        return parse(bytes);
    }

    /** Parses {@code bytes} as a JSON object (same rules as {@link #read}, without the size check). */
    public static JsonFields parse(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiError.BAD_REQUEST.exception("malformed JSON body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode()) {
            throw ApiError.BAD_REQUEST.exception("a JSON object body is required");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.BAD_REQUEST.exception("body must be a JSON object");
        }
        return new JsonFields(object);
    }

    /** Sends {@code body} (maps, lists, records, JSON nodes) as JSON with status 200. */
    public static void send(ServerResponse res, Object body) {
        send(res, 200, body);
    }

    /** Sends {@code body} as JSON with {@code status}. Precondition: the response is not sent yet. */
    public static void send(ServerResponse res, int status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.bytes(body));
    }

    private ApiException tooLarge() {
        return ApiError.TOO_LARGE.exception("request body larger than " + maxBytes + " bytes");
    }
}
