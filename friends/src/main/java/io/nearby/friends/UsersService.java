package io.nearby.friends;

import io.nearby.api.ApiError;
import io.nearby.api.AuthFilter;
import io.nearby.api.JsonBodies;
import io.nearby.api.JsonFields;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /api/users}: the caller's own profile and opt-ins. Every route acts on the authenticated caller only
 * ({@code me}); there is no route that writes another user's data. Flag events fire from the {@link UserDirectory}
 * after the commit, only on an actual change.
 *
 * <pre>{@code
 * PUT /api/users/me              {"name":"Alice","avatarUrl":"https://..."} → 200 profile
 * GET /api/users/me              → 200 {"id","name","avatarUrl","sharing","discoverable"} | 404 before the first PUT
 * PUT /api/users/me/sharing      {"enabled":true} → 200 profile | 404
 * PUT /api/users/me/discoverable {"enabled":true} → 200 profile | 404
 * }</pre>
 */
public final class UsersService implements HttpService {
    /** Longest display name, in code points, after trimming ({@link DisplayNames}). */
    public static final int MAX_NAME = DisplayNames.MAX_CODE_POINTS;
    /** Longest avatar URL, in code points. */
    public static final int MAX_AVATAR_URL = 2048;

    private final UserDirectory users;
    private final JsonBodies bodies;

    public UsersService(UserDirectory users, JsonBodies bodies) {
        this.users = users;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/me", this::getMe)
                .put("/me", this::putMe)
                .put("/me/sharing", (req, res) -> flag(req, res, users::setSharing))
                .put("/me/discoverable", (req, res) -> flag(req, res, users::setDiscoverable));
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
