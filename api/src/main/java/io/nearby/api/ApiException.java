package io.nearby.api;

/**
 * Thrown by handlers to answer with an error of the catalogue; {@link ApiErrorHandlers} writes it. The message is
 * shown to the client, so it must never carry internals.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    /**
     * @param status  HTTP status
     * @param code    error code, normally one of {@link ApiError}
     * @param message text for the client
     */
    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public ApiException(ApiError error, String message) {
        this(error.status(), error.code(), message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
