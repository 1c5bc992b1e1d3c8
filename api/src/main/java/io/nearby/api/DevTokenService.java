package io.nearby.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Dev mode only ({@code NEARBY_DEV_MODE=true}): hands out tokens so that a person or the demo can use the service
 * without the larger app. Register at {@link AuthFilter#DEV_TOKEN_PATH}, which the auth filter leaves open.
 *
 * <pre>{@code
 * curl -X POST localhost:8080/api/dev/token -d '{"userId":"alice"}'   # → {"token":"eyJ..."}
 * }</pre>
 * Invalid user id → 400 {@code bad_request}. Tokens are valid for {@link #TTL}.
 */
public final class DevTokenService implements HttpService {
    /** Lifetime of a dev token. */
    public static final Duration TTL = Duration.ofHours(24);

    private final TokenIssuer issuer;
    private final JsonBodies bodies;

    public DevTokenService(TokenIssuer issuer, JsonBodies bodies) {
        this.issuer = issuer;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::token);
    }

    private void token(ServerRequest req, ServerResponse res) {
        String userId = bodies.read(req).requiredString("userId");
        if (!UserIds.valid(userId)) {
            throw JsonFields.bad("userId", "must be 1-" + UserIds.MAX_LENGTH + " characters of [A-Za-z0-9_-]");
        }
        JsonBodies.send(res, Map.of("token", issuer.issue(userId, TTL)));
    }
}
