package io.nearby.server.session;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.nearby.api.ApiError;
import io.nearby.api.AuthFilter;

/**
 * Refuses a WebSocket upgrade with 503 before it happens when the server is draining (the client should go to
 * another server) or already holds {@code NEARBY_MAX_CONNECTIONS} sessions, with {@code Retry-After}. Counted as
 * {@code nearby_ws_refused_total{reason}}. Runs before authentication: refusing is cheaper than verifying a token.
 */
public final class WsAdmission implements Filter {
    private final SessionRegistry sessions;
    private final int maxConnections;

    public WsAdmission(SessionRegistry sessions, int maxConnections) {
        this.sessions = sessions;
        this.maxConnections = maxConnections;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.path().path().equals(AuthFilter.WS_PATH)) {
            chain.proceed();
            return;
        }
        switch (sessions.admission(maxConnections)) {
            case OK -> chain.proceed();
            case FULL -> refuse(res, "full", "this server holds its maximum of " + maxConnections + " connections; retry, another server may take you");
            case DRAINING -> refuse(res, "draining", "this server is shutting down; connect again (another server will take you)");
        }
    }

    private void refuse(RoutingResponse res, String reason, String message) {
        sessions.refused(reason);
        res.header(HeaderNames.RETRY_AFTER, "1");
        ApiError.UNAVAILABLE.send(res, message);
    }
}
