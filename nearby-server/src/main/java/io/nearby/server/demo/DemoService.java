package io.nearby.server.demo;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.nearby.api.ApiError;
import io.nearby.api.ApiException;
import io.nearby.api.AuthFilter;
import io.nearby.api.JsonBodies;
import io.nearby.api.JsonFields;
import io.nearby.geo.CoordinateValidator;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.Validated;

/**
 * {@code /api/dev/demo} (dev mode only): the caller's demo crowd. Authenticated like every {@code /api} call; it
 * acts on the caller's own crowd only.
 *
 * <pre>{@code
 * POST   /api/dev/demo {"lat":37.7749,"lon":-122.4194} → 200 {"running":true,"friends":[ids],"strangers":[ids]}
 * GET    /api/dev/demo → 200 {"running":bool,"friends":[...],"strangers":[...]}
 * DELETE /api/dev/demo → 204
 * }</pre>
 * POST replaces a running crowd of the caller. 400 for a bad position; 404 when the caller has no profile yet (the
 * demo friends could not add them); 429 when {@link DemoCrowds#MAX_CROWDS} crowds already run.
 */
public final class DemoService implements HttpService {
    private final DemoCrowds crowds;
    private final JsonBodies bodies;

    public DemoService(DemoCrowds crowds, JsonBodies bodies) {
        this.crowds = crowds;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::get)
                .post("/", this::start)
                .delete("/", this::stop);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String host = AuthFilter.caller(req).userId();
        send(res, crowds.running(host).orElse(null));
    }

    private void start(ServerRequest req, ServerResponse res) {
        String host = AuthFilter.caller(req).userId();
        JsonFields body = bodies.read(req);
        GeoPoint centre = switch (CoordinateValidator.point(number(body, "lat"), number(body, "lon"))) {
            case Validated.Valid<GeoPoint>(GeoPoint p) -> p;
            case Validated.Invalid<GeoPoint> bad -> throw ApiError.BAD_REQUEST.exception(bad.message());
        };
        try {
            send(res, crowds.start(host, centre));
        } catch (DemoCrowds.TooMany e) {
            throw ApiError.RATE_LIMITED.exception(e.getMessage());
        } catch (DemoClient.DemoException e) {
            throw failed(e);
        }
    }

    private void stop(ServerRequest req, ServerResponse res) {
        crowds.stop(AuthFilter.caller(req).userId());
        res.status(204).send();
    }

    private static void send(ServerResponse res, DemoCrowds.Crowd crowd) {
        JsonBodies.send(res, crowd == null
                ? Map.of("running", false, "friends", java.util.List.of(), "strangers", java.util.List.of())
                : Map.of("running", true, "friends", crowd.friends(), "strangers", crowd.strangers()));
    }

    private static double number(JsonFields body, String field) {
        JsonNode value = body.node().get(field);
        if (value == null || value.isNull()) {
            throw JsonFields.bad(field, "is required");
        }
        if (!value.isNumber()) {
            throw JsonFields.bad(field, "must be a number");
        }
        return value.doubleValue();
    }

    private static ApiException failed(DemoClient.DemoException e) {
        if (e.status == 404) {
            return ApiError.NOT_FOUND.exception("create your profile first (PUT /api/users/me): the demo friends add you by id");
        }
        if (e.status == 429) {
            return ApiError.RATE_LIMITED.exception("too many requests while starting the demo; try again in a second");
        }
        return ApiError.INTERNAL.exception("the demo crowd could not start: " + e.getMessage());
    }
}
