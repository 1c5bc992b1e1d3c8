package io.nearby.history;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.nearby.api.ApiError;
import io.nearby.api.AuthFilter;
import io.nearby.api.JsonBodies;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code /api/users/me/history}: the caller's own location history, and only ever the caller's: the user id comes
 * from the verified token ({@link AuthFilter#caller}); no parameter names a user.
 *
 * <pre>{@code
 * GET    /api/users/me/history?from=<ms>&to=<ms>&limit=<n>  → 200 {"points":[{"lat","lon","ts"}]} newest first
 * DELETE /api/users/me/history                              → 204, every point of the caller deleted
 * curl -H "Authorization: Bearer $TOKEN" "http://localhost:8080/api/users/me/history?limit=10"
 * }</pre>
 *
 * Bad parameters → 400 naming the parameter ({@link HistoryQuery}); the store unreachable → 503 {@code unavailable}.
 * Queries never reach outside the retention window ({@link Retention#window}), which bounds the day partitions read.
 */
public final class HistoryService implements HttpService {
    private static final System.Logger LOG = System.getLogger(HistoryService.class.getName());
    /** How long a DELETE waits for the caller's already-accepted points to reach the store first. */
    static final Duration FLUSH_BEFORE_DELETE = Duration.ofSeconds(2);

    /** A point as the client sees it. */
    record Point(double lat, double lon, long ts) {
    }

    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final AtomicLong lastLog = new AtomicLong(
            System.nanoTime() - LOG_EVERY_NANOS);
    private final HistoryStore store;
    private final HistoryWriter writer;
    private final Retention retention;
    private final Clock clock;

    public HistoryService(HistoryStore store, HistoryWriter writer, Retention retention, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::get)
                .delete("/", this::delete);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String userId = AuthFilter.caller(req).userId();
        HistoryQuery query;
        try {
            query = HistoryQuery.parse(param(req, "from"), param(req, "to"), param(req, "limit"));
        } catch (HistoryQuery.Invalid e) {
            throw ApiError.BAD_REQUEST.exception(e.getMessage());
        }
        List<Point> points = query.within(retention.window(clock.millis()))
                .map(window -> unavailableAs503(() -> store.query(userId, window, query.limit())))
                .orElse(List.of())
                .stream().map(p -> new Point(p.lat(), p.lon(), p.ts())).toList();
        JsonBodies.send(res, Map.of("points", points));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String userId = AuthFilter.caller(req).userId();
        if (!writer.flush(FLUSH_BEFORE_DELETE)) {
            LOG.log(Level.WARNING, "history: the writer did not drain within " + FLUSH_BEFORE_DELETE
                    + " before a delete; points accepted just before it may survive");
        }
        unavailableAs503(() -> {
            store.deleteAll(userId, retention.window(clock.millis()));
            return null;
        });
        res.status(Status.NO_CONTENT_204).send();
    }

    private static Optional<String> param(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }

    /** Runs a store call; {@link HistoryStore.Unavailable} becomes a 503, logged at most once per 30 s. */
    private <T> T unavailableAs503(Supplier<T> call) {
        try {
            return call.get();
        } catch (HistoryStore.Unavailable e) {
            long last = lastLog.get();
            long now = System.nanoTime();
            if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
                LOG.log(Level.WARNING, "history: answering 503: " + e.getMessage());
            }
            throw ApiError.UNAVAILABLE.exception("the history store is unavailable, try again later");
        }
    }
}
