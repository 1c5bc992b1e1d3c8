package io.nearby.api;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers the errors that Helidon sends before any filter or route runs (a {@code Content-Length} over the
 * listener's {@code maxPayloadSize} → 413, an unparsable request → 400, ...) in the {@link ApiError} JSON format
 * instead of Helidon's plain text. Messages are fixed per code: transport messages may echo request bytes.
 *
 * <pre>{@code
 * WebServer.builder().maxPayloadSize(64 * 1024).directHandlers(ApiDirectHandler.directHandlers()) ...
 * }</pre>
 */
public final class ApiDirectHandler implements DirectHandler {

    /** Direct handlers with this handler for every event type. */
    public static DirectHandlers directHandlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        ApiDirectHandler handler = new ApiDirectHandler();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        ApiError error = ApiError.forStatus(status.code());
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("message", switch (error) {
            case TOO_LARGE -> "request body too large";
            case BAD_REQUEST -> "bad request";
            case FORBIDDEN -> "forbidden";
            default -> "request failed";
        });
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(Json.bytes(body))
                .build();
    }
}
