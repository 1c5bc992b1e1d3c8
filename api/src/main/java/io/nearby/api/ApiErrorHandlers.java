package io.nearby.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;

/**
 * The one place that maps exceptions to REST error responses ({@link ApiError} format). Register once on the
 * routing: {@code ApiErrorHandlers.register(routing)}. Helidon picks the handler of the nearest superclass, so:
 * <ul>
 *   <li>{@link ApiException} → its status, code and message;</li>
 *   <li>Jackson read errors (malformed JSON, wrong shapes, a record constructor refusing the values) → 400
 *       {@code bad_request}; other Jackson errors (writing) → 500;</li>
 *   <li>Helidon's {@link HttpException} (e.g. 413 when a body exceeds the listener's {@code maxPayloadSize} while
 *       a handler reads it, 404/400 from Helidon itself) → the catalogue entry of its status, with that entry's
 *       {@link ApiError#defaultMessage() fixed message} (the same as {@link ApiDirectHandler} sends);</li>
 *   <li>any other exception → 500 {@code internal}, logged once with its stack trace; the client sees only the
 *       request id.</li>
 * </ul>
 * A response already sent cannot be rewritten: the error is then only logged.
 */
public final class ApiErrorHandlers {
    private static final System.Logger LOG = System.getLogger(ApiErrorHandlers.class.getName());

    private ApiErrorHandlers() {
    }

    /** Adds the handlers to {@code routing}. Side effect: error handlers registered before for these types are replaced. */
    public static HttpRouting.Builder register(HttpRouting.Builder routing) {
        return routing
                .error(ApiException.class, (req, res, e) -> write(res, e.status(), e.code(), e.getMessage()))
                .error(StreamReadException.class, (req, res, e) -> badJson(res))
                .error(MismatchedInputException.class, (req, res, e) -> badJson(res))
                .error(ValueInstantiationException.class, (req, res, e) -> badJson(res))
                .error(JsonProcessingException.class, ApiErrorHandlers::internal)
                .error(HttpException.class, ApiErrorHandlers::http)
                .error(Exception.class, ApiErrorHandlers::internal);
    }

    private static void badJson(ServerResponse res) {
        write(res, ApiError.BAD_REQUEST.status(), ApiError.BAD_REQUEST.code(), "malformed JSON body");
    }

    private static void http(ServerRequest req, ServerResponse res, HttpException e) {
        int status = e.status().code();
        ApiError error = ApiError.forStatus(status);
        if (error == ApiError.INTERNAL) {
            internal(req, res, e);
            return;
        }
        write(res, status, error.code(), error.defaultMessage());
    }

    private static void internal(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(Level.ERROR, "request " + req.id() + " " + req.prologue().method().text() + " "
                + req.path().path() + " failed", e);
        write(res, ApiError.INTERNAL.status(), ApiError.INTERNAL.code(),
                ApiError.INTERNAL.defaultMessage() + " (request " + req.id() + ")");
    }

    private static void write(ServerResponse res, int status, String code, String message) {
        if (res.isSent()) {
            LOG.log(Level.DEBUG, "cannot send error " + code + ": response already sent");
            return;
        }
        ApiError.send(res, status, code, message);
    }
}
