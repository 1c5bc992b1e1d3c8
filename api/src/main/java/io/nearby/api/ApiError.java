package io.nearby.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST error catalogue (PROTOCOL.md "Errors") and its one writer: every error response of the service is
 * {@code {"error":"<code>","message":"<text>"}} with the status below ({@link #body}). 401 adds
 * {@code WWW-Authenticate: Bearer}; 429 adds {@code Retry-After: 1}. Each entry has a fixed
 * {@link #defaultMessage()} for answers that must not echo anything from the request (Helidon's own errors).
 */
public enum ApiError {
    /** Malformed JSON, wrong field types, missing fields, values out of range. */
    BAD_REQUEST(400, "bad_request", "bad request"),
    /** Missing, malformed, expired or wrongly signed token. */
    UNAUTHORIZED(401, "unauthorized", "authentication required"),
    FORBIDDEN(403, "forbidden", "forbidden"),
    /** Unknown user, profile or route. */
    NOT_FOUND(404, "not_found", "no such resource"),
    /** Request body over the limit. */
    TOO_LARGE(413, "too_large", "request body too large"),
    RATE_LIMITED(429, "rate_limited", "too many requests, slow down"),
    /** Anything unexpected; the message never carries internals. */
    INTERNAL(500, "internal", "internal error"),
    /** A backing store is unreachable for now; the client may retry later. */
    UNAVAILABLE(503, "unavailable", "service unavailable, try again later");

    private final int status;
    private final String code;
    private final String defaultMessage;

    ApiError(int status, String code, String defaultMessage) {
        this.status = status;
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** A fixed text for this error that says nothing about the request. */
    public String defaultMessage() {
        return defaultMessage;
    }

    /** @return an exception for handlers to throw; {@link ApiErrorHandlers} turns it into this error's response */
    public ApiException exception(String message) {
        return new ApiException(this, message);
    }

    /** The catalogue entry of an HTTP status: exact match, else BAD_REQUEST for 4xx and INTERNAL for the rest. */
    public static ApiError forStatus(int status) {
        for (ApiError error : values()) {
            if (error.status == status) {
                return error;
            }
        }
        return status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL;
    }

    /** Sends this error with {@code message}. Precondition: the response is not sent yet. */
    public void send(ServerResponse res, String message) {
        send(res, status, code, message);
    }

    /**
     * Sends {@code {"error":code,"message":message}} with {@code status}, plus the headers the status calls for.
     * Precondition: the response is not sent yet.
     */
    public static void send(ServerResponse res, int status, String code, String message) {
        if (status == UNAUTHORIZED.status) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        } else if (status == RATE_LIMITED.status) {
            res.header(HeaderNames.RETRY_AFTER, "1");
        }
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.status(status);
        res.send(body(code, message));
    }

    /** The error body, {@code {"error":code,"message":message}} in that order; a null message is sent as "". */
    static byte[] body(String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message == null ? "" : message);
        return Json.bytes(body);
    }
}
