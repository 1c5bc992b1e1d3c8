package io.nearby.api;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Authenticates every request under {@code /api/} (except {@value #DEV_TOKEN_PATH}) and the WebSocket upgrade
 * {@code /ws}: the token comes from {@code Authorization: Bearer <jwt>}, or for {@code /ws} only also from the query
 * parameter {@code access_token} (browsers cannot set headers on a WebSocket). Missing or invalid → 401
 * {@code unauthorized} with {@code WWW-Authenticate: Bearer}, and the route never runs (an upgrade is refused, no
 * connection opens). Valid → a {@link Caller} is registered in the request context and the chain proceeds. Any other
 * path (health, metrics, static files) passes untouched.
 *
 * <p>Paths are checked after collapsing repeated slashes, so {@code //api/users/me} is protected too. Handlers get
 * the caller with {@link #caller(ServerRequest)}, which itself answers 401 when there is none: a route that the
 * filter did not cover still cannot run anonymously.
 *
 * <pre>{@code
 * curl -H "Authorization: Bearer $TOKEN" http://localhost:8080/api/users/me
 * websocat "ws://localhost:8080/ws?access_token=$TOKEN"
 * }</pre>
 */
public final class AuthFilter implements Filter {
    /** The dev-mode token endpoint, reachable without a token. */
    public static final String DEV_TOKEN_PATH = "/api/dev/token";
    /** The WebSocket endpoint. */
    public static final String WS_PATH = "/ws";
    private static final String QUERY_TOKEN = "access_token";
    private static final String BEARER = "bearer ";

    private enum Scope { OPEN, API, WS }

    private final TokenVerifier verifier;

    public AuthFilter(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Scope scope = scope(req.path().absolute().path());
        if (scope == Scope.OPEN) {
            chain.proceed();
            return;
        }
        Optional<String> token = token(req.headers(), req.query(), scope == Scope.WS);
        if (token.isEmpty()) {
            ApiError.UNAUTHORIZED.send(res, "missing bearer token");
            return;
        }
        switch (verifier.verify(token.get())) {
            case Verification.Verified verified -> {
                req.context().register(new Caller(verified.userId()));
                chain.proceed();
            }
            case Verification.Rejected rejected -> ApiError.UNAUTHORIZED.send(res, rejected.reason());
        }
    }

    /**
     * The authenticated caller of a request.
     *
     * @throws ApiException 401 when no {@link AuthFilter} authenticated the request
     */
    public static Caller caller(ServerRequest req) {
        return req.context().get(Caller.class)
                .orElseThrow(() -> ApiError.UNAUTHORIZED.exception("authentication required"));
    }

    /**
     * The token of a request: the {@code Authorization: Bearer} header first, else (only when {@code allowQuery})
     * the {@code access_token} query parameter. Usable by a WebSocket upgrade listener too.
     */
    public static Optional<String> token(Headers headers, UriQuery query, boolean allowQuery) {
        Optional<String> header = headers.first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).strip())
                .filter(value -> !value.isEmpty());
        if (header.isPresent() || !allowQuery) {
            return header;
        }
        return query.first(QUERY_TOKEN).asOptional().filter(value -> !value.isBlank());
    }

    private static Scope scope(String rawPath) {
        String path = ApiPaths.normalize(rawPath);
        if (ApiPaths.isAt(path, WS_PATH)) {
            return Scope.WS;
        }
        boolean api = ApiPaths.isApi(path);
        boolean devToken = path.equals(DEV_TOKEN_PATH) || path.equals(DEV_TOKEN_PATH + "/");
        return api && !devToken ? Scope.API : Scope.OPEN;
    }
}
