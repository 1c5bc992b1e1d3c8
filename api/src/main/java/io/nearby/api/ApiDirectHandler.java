package io.nearby.api;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Answers the errors that Helidon sends before any filter or route runs (a {@code Content-Length} over the
 * listener's {@code maxPayloadSize} → 413, an unparsable request → 400, ...) in the {@link ApiError} JSON format
 * instead of Helidon's plain text. The message is the error's {@link ApiError#defaultMessage()}: transport messages
 * may echo request bytes.
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
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(ApiError.body(error.code(), error.defaultMessage()))
                .build();
    }
}
