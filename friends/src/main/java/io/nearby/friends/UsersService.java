package io.nearby.friends;

import io.nearby.api.ApiError;
import io.nearby.api.AuthFilter;
import io.nearby.api.JsonBodies;
import io.nearby.api.JsonFields;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /api/users}: the caller's own profile and opt-ins. Every route acts on the authenticated caller only
 * ({@code me}); there is no route that writes another user's data. Flag events fire from the {@link UserDirectory}
 * after the commit, only on an actual change.
 *
 * <pre>{@code
 * PUT /api/users/me              {"name":"Alice","avatarUrl":"https://..."} → 200 profile
 * GET /api/users/me              → 200 {"id","name","avatarUrl","sharing","discoverable","sharingUntil","alertMeters"}
 *                                  | 404 before the first PUT
 * PUT /api/users/me/sharing      {"enabled":true} → 200 profile | 404
 * PUT /api/users/me/sharing      {"enabled":false,"until":1700000000000} → 200 profile (ghost mode until then) | 400 | 404
 * PUT /api/users/me/discoverable {"enabled":true} → 200 profile | 404
 * PUT /api/users/me/alerts       {"meters":500} → 200 profile | 400 | 404
 * }</pre>
 */
public final class UsersService implements HttpService {
    /** Longest display name, in code points, after trimming ({@link DisplayNames}). */
    public static final int MAX_NAME = DisplayNames.MAX_CODE_POINTS;
    /** Longest avatar URL, in code points. */
    public static final int MAX_AVATAR_URL = 2048;

    /** The shortest timed pause of sharing ("ghost mode"). */
    public static final Duration MIN_PAUSE = Duration.ofMinutes(1);
    /** The longest timed pause of sharing. */
    public static final Duration MAX_PAUSE = Duration.ofDays(7);
    /** Slack on both bounds of a pause, for the client's clock and the request's transit. */
    static final Duration PAUSE_LEEWAY = Duration.ofSeconds(10);
    /** The alert distance the default constructor allows: the default 5 miles over the alerts' hysteresis of 1.2. */
    public static final int DEFAULT_MAX_ALERT_METERS = 6_705;

    private final UserDirectory users;
    private final JsonBodies bodies;
    private final Clock clock;
    private final int maxAlertMeters;

    public UsersService(UserDirectory users, JsonBodies bodies) {
        this(users, bodies, Clock.systemUTC(), DEFAULT_MAX_ALERT_METERS);
    }

    /**
     * @param clock          the bounds of a timed pause are measured from its {@code millis()}
     * @param maxAlertMeters the largest proximity alert distance (within the server's radius: friends beyond it are
     *                       not measured)
     */
    public UsersService(UserDirectory users, JsonBodies bodies, Clock clock, int maxAlertMeters) {
        this.users = users;
        this.bodies = bodies;
        this.clock = clock;
        this.maxAlertMeters = maxAlertMeters;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/me", this::getMe)
                .put("/me", this::putMe)
                .put("/me/sharing", this::putSharing)
                .put("/me/discoverable", (req, res) -> flag(req, res, users::setDiscoverable))
                .put("/me/alerts", this::putAlerts);
    }

    /**
     * {@code {"enabled":bool}}, or {@code {"enabled":false,"until":ms}}: off until then, 1 minute to 7 days from now.
     * Everything is checked before anything is written.
     */
    private void putSharing(ServerRequest req, ServerResponse res) {
        String userId = AuthFilter.caller(req).userId();
        JsonFields body = bodies.read(req);
        boolean enabled = body.requiredBoolean("enabled");
        if (!body.has("until")) {
            sendProfile(res, users.setSharing(userId, enabled));
            return;
        }
        if (enabled) {
            throw JsonFields.bad("until", "is only allowed with \"enabled\":false");
        }
        JsonNode until = body.node().get("until");
        if (!until.isIntegralNumber() || !until.canConvertToLong()) {
            throw JsonFields.bad("until", "must be an integer: milliseconds since the epoch");
        }
        long now = clock.millis();
        long earliest = now + MIN_PAUSE.toMillis() - PAUSE_LEEWAY.toMillis();
        long latest = now + MAX_PAUSE.toMillis() + PAUSE_LEEWAY.toMillis();
        if (until.longValue() < earliest || until.longValue() > latest) {
            throw JsonFields.bad("until", "must be between 1 minute and 7 days from now (the server's time is " + now + ")");
        }
        sendProfile(res, users.pauseSharing(userId, until.longValue()));
    }

    /** {@code {"meters":n}}: the proximity alert distance, 0 (off) to the radius. */
    private void putAlerts(ServerRequest req, ServerResponse res) {
        String userId = AuthFilter.caller(req).userId();
        JsonFields body = bodies.read(req);
        if (!body.has("meters")) {
            throw JsonFields.bad("meters", "is required");
        }
        JsonNode meters = body.node().get("meters");
        if (!meters.isIntegralNumber() || !meters.canConvertToInt() || meters.intValue() < 0
                || meters.intValue() > maxAlertMeters) {
            throw JsonFields.bad("meters", "must be an integer from 0 (off) to " + maxAlertMeters);
        }
        sendProfile(res, users.setAlertMeters(userId, meters.intValue()));
    }

    private void getMe(ServerRequest req, ServerResponse res) {
        sendProfile(res, users.find(AuthFilter.caller(req).userId()));
    }

    private void putMe(ServerRequest req, ServerResponse res) {
        String userId = AuthFilter.caller(req).userId();
        JsonFields body = bodies.read(req);
        String name = body.requiredText("name", MAX_NAME).strip();
        DisplayNames.problem(name).ifPresent(problem -> {
            throw JsonFields.bad("name", problem);
        });
        String avatarUrl = body.optionalText("avatarUrl", MAX_AVATAR_URL).orElse("");
        if (!avatarUrl.isEmpty() && !isWebUrl(avatarUrl)) {
            throw JsonFields.bad("avatarUrl", "must be an http or https URL");
        }
        sendProfile(res, Optional.of(users.upsertProfile(userId, name, avatarUrl)));
    }

    private interface FlagSetter {
        Optional<UserProfile> set(String userId, boolean enabled);
    }

    private void flag(ServerRequest req, ServerResponse res, FlagSetter setter) {
        String userId = AuthFilter.caller(req).userId();
        boolean enabled = bodies.read(req).requiredBoolean("enabled");
        sendProfile(res, setter.set(userId, enabled));
    }

    /** The record's components are the JSON fields, in declaration order (see {@link UserProfile}). */
    private static void sendProfile(ServerResponse res, Optional<UserProfile> profile) {
        JsonBodies.send(res, profile.orElseThrow(
                () -> ApiError.NOT_FOUND.exception("no profile yet: create it with PUT /api/users/me")));
    }

    static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && text.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
