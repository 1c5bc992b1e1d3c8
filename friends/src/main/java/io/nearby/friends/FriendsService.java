package io.nearby.friends;

import io.nearby.api.ApiError;
import io.nearby.api.AuthFilter;
import io.nearby.api.JsonBodies;
import io.nearby.api.UserIds;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/friends}: the caller's friend requests and friendships. A request writes only the caller's own edge
 * ("caller added id"); DELETE removes both directions between the caller and {@code id}, never anyone else's.
 * {@code friendshipStarted}/{@code friendshipEnded} fire from the {@link FriendGraph} after the commit.
 *
 * <pre>{@code
 * POST   /api/friends/{id} → 200 {"status":"pending"|"friends"} | 400 self or invalid id | 404 unknown user or no profile
 * DELETE /api/friends/{id} → 204 (also when there was nothing to remove)
 * GET    /api/friends      → 200 {"friends":[{"id","name","avatarUrl","visible"}],"incoming":[ids],"outgoing":[ids]}
 *                             sorted by id; "visible": whether the caller shows their location to that friend
 * PUT    /api/friends/{id}/visibility {"visible":false} → 200 {"id","visible"} | 400 | 404 not a friend
 * }</pre>
 */
public final class FriendsService implements HttpService {
    private final FriendGraph graph;
    private final JsonBodies bodies;

    public FriendsService(FriendGraph graph, JsonBodies bodies) {
        this.graph = graph;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/{id}", this::add)
                .delete("/{id}", this::remove)
                .put("/{id}/visibility", this::visibility);
    }

    /** Hides the caller's location from one friend, or shows it again; the friendship is unchanged. */
    private void visibility(ServerRequest req, ServerResponse res) {
        String caller = AuthFilter.caller(req).userId();
        String other = otherId(req);
        if (other.equals(caller)) {
            throw ApiError.BAD_REQUEST.exception("you are always visible to yourself");
        }
        boolean visible = bodies.read(req).requiredBoolean("visible");
        if (!graph.setVisible(caller, other, visible)) {
            throw ApiError.NOT_FOUND.exception("'" + other + "' is not your friend");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", other);
        json.put("visible", visible);
        JsonBodies.send(res, json);
    }

    private void add(ServerRequest req, ServerResponse res) {
        String caller = AuthFilter.caller(req).userId();
        String other = otherId(req);
        if (other.equals(caller)) {
            throw ApiError.BAD_REQUEST.exception("you cannot add yourself");
        }
        FriendshipStatus status;
        try {
            status = graph.add(caller, other);
        } catch (FriendshipException e) {
            throw switch (e.reason()) {
                case UNKNOWN_USER -> ApiError.NOT_FOUND.exception(e.getMessage());
            };
        }
        JsonBodies.send(res, Map.of("status", status == FriendshipStatus.FRIENDS ? "friends" : "pending"));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        graph.remove(AuthFilter.caller(req).userId(), otherId(req));
        res.status(204).send();
    }

    private void list(ServerRequest req, ServerResponse res) {
        FriendLists lists = graph.lists(AuthFilter.caller(req).userId());
        List<Map<String, Object>> friends = lists.friends().stream().map(p -> {
            Map<String, Object> friend = new LinkedHashMap<>();
            friend.put("id", p.id());
            friend.put("name", p.name());
            friend.put("avatarUrl", p.avatarUrl());
            friend.put("visible", !lists.hidden().contains(p.id()));
            return friend;
        }).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("friends", friends);
        json.put("incoming", lists.incoming());
        json.put("outgoing", lists.outgoing());
        JsonBodies.send(res, json);
    }

    private static String otherId(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        if (!UserIds.valid(id)) {
            throw ApiError.BAD_REQUEST.exception("invalid user id: 1-" + UserIds.MAX_LENGTH
                    + " characters of [A-Za-z0-9_-]");
        }
        return id;
    }
}
