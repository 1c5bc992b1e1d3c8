package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code /api/friends} through a real server: requests, lists, unfriending, errors, events. */
abstract class FriendsRestContract extends RestFixture {
    @Test
    void requestAcceptListAndUnfriend() {
        profile("alice");
        profile("bob");
        assertThat(post("alice", "/api/friends/bob").body()).isEqualTo("{\"status\":\"pending\"}");
        assertThat(post("alice", "/api/friends/bob").body()).as("idempotent").isEqualTo("{\"status\":\"pending\"}");
        assertThat(get("alice", "/api/friends").body()).isEqualTo("{\"friends\":[],\"incoming\":[],\"outgoing\":[\"bob\"]}");
        assertThat(get("bob", "/api/friends").body()).isEqualTo("{\"friends\":[],\"incoming\":[\"alice\"],\"outgoing\":[]}");
        assertThat(events.all()).isEmpty();

        assertThat(post("bob", "/api/friends/alice").body()).isEqualTo("{\"status\":\"friends\"}");
        assertThat(events.all()).containsExactly("started alice bob");
        assertThat(get("alice", "/api/friends").body()).isEqualTo(
                "{\"friends\":[{\"id\":\"bob\",\"name\":\"Name of bob\",\"avatarUrl\":\"https://img.example/bob.png\","
                        + "\"visible\":true}],\"incoming\":[],\"outgoing\":[]}");
        assertThat(get("alice", "/api/friends/").status()).isEqualTo(200);

        TestClient.Answer unfriend = http.call("DELETE", "/api/friends/bob", token("alice"), null);
        assertThat(unfriend.status()).isEqualTo(204);
        assertThat(unfriend.body()).isEmpty();
        assertThat(events.all()).containsExactly("started alice bob", "ended alice bob");
        assertThat(get("bob", "/api/friends").body()).isEqualTo("{\"friends\":[],\"incoming\":[],\"outgoing\":[]}");
        assertThat(http.call("DELETE", "/api/friends/bob", token("alice"), null).status())
                .as("nothing left to delete").isEqualTo(204);
        assertThat(events.all()).hasSize(2);
    }

    @Test
    void hidingFromOneFriendIsListedPerFriendAndLeavesTheFriendshipAlone() {
        profile("alice");
        profile("bob");
        profile("carol");
        post("alice", "/api/friends/bob");
        post("bob", "/api/friends/alice");
        post("alice", "/api/friends/carol");
        post("carol", "/api/friends/alice");
        events.clear();
        TestClient.Answer hidden = put("alice", "/api/friends/bob/visibility", "{\"visible\":false}");
        assertThat(hidden.status()).as(hidden.body()).isEqualTo(200);
        assertThat(hidden.body()).isEqualTo("{\"id\":\"bob\",\"visible\":false}");
        assertThat(put("alice", "/api/friends/bob/visibility", "{\"visible\":false}").status()).as("idempotent").isEqualTo(200);
        assertThat(events.all()).as("one event per actual change").containsExactly("visibility alice to bob");
        var friends = get("alice", "/api/friends").json().get("friends");
        assertThat(friends.get(0).get("id").asText() + "=" + friends.get(0).get("visible").asBoolean()).isEqualTo("bob=false");
        assertThat(friends.get(1).get("id").asText() + "=" + friends.get(1).get("visible").asBoolean()).isEqualTo("carol=true");
        assertThat(get("bob", "/api/friends").json().get("friends").get(0).get("visible").asBoolean())
                .as("bob's own choice is his: he still shows alice his location").isTrue();
        assertThat(db.friends().areFriends("alice", "bob")).isTrue();
        put("alice", "/api/friends/bob/visibility", "{\"visible\":true}");
        assertThat(events.all()).containsExactly("visibility alice to bob", "visibility alice to bob");
        assertThat(get("alice", "/api/friends").json().get("friends").get(0).get("visible").asBoolean()).isTrue();
    }

    @Test
    void visibilityErrorsStoreNothing() {
        profile("alice");
        profile("bob");
        post("alice", "/api/friends/bob");
        assertError(put("alice", "/api/friends/bob/visibility", "{\"visible\":false}"), 404, "not_found");
        assertError(put("alice", "/api/friends/nobody/visibility", "{\"visible\":false}"), 404, "not_found");
        assertBadRequest(put("alice", "/api/friends/alice/visibility", "{\"visible\":false}"), "you are always visible to yourself");
        post("bob", "/api/friends/alice");
        assertBadRequest(put("alice", "/api/friends/bob/visibility", "{\"visible\":\"no\"}"), "field 'visible' must be a boolean");
        assertBadRequest(put("alice", "/api/friends/bob/visibility", "{}"), "field 'visible' is required");
        assertError(put("alice", "/api/friends/b.c/visibility", "{\"visible\":false}"), 400, "bad_request");
        assertThat(db.friends().hides("alice", "bob")).isFalse();
        assertThat(events.all()).containsExactly("started alice bob");
    }

    @Test
    void withdrawingARequest() {
        profile("alice");
        profile("bob");
        post("alice", "/api/friends/bob");
        assertThat(http.call("DELETE", "/api/friends/bob", token("alice"), null).status()).isEqualTo(204);
        assertThat(get("bob", "/api/friends").json().get("incoming")).isEmpty();
        assertThat(events.all()).isEmpty();
    }

    @Test
    void friendRequestErrors() {
        profile("alice");
        assertBadRequest(post("alice", "/api/friends/alice"), "you cannot add yourself");
        TestClient.Answer invalid = post("alice", "/api/friends/no%20spaces");
        assertError(invalid, 400, "bad_request");
        assertThat(invalid.message()).startsWith("invalid user id");
        assertError(post("alice", "/api/friends/" + "x".repeat(65)), 400, "bad_request");
        assertError(http.call("DELETE", "/api/friends/b.c", token("alice"), null), 400, "bad_request");
        TestClient.Answer unknown = post("alice", "/api/friends/nobody");
        assertError(unknown, 404, "not_found");
        assertThat(unknown.message()).contains("nobody");
        TestClient.Answer noProfile = post("carol", "/api/friends/alice");
        assertError(noProfile, 404, "not_found");
        assertThat(noProfile.message()).contains("create your profile first");
        assertThat(get("alice", "/api/friends").body()).isEqualTo("{\"friends\":[],\"incoming\":[],\"outgoing\":[]}");
    }

    @Test
    void deletingOnlyEverTouchesTheCallersOwnEdges() {
        profile("alice");
        profile("bob");
        profile("carol");
        post("alice", "/api/friends/bob");
        post("bob", "/api/friends/alice");
        post("alice", "/api/friends/carol");
        // carol can only remove edges between herself and someone: alice-bob stays, and so does alice's request
        // to carol unless carol declines it, which only concerns carol
        assertThat(http.call("DELETE", "/api/friends/bob", token("carol"), null).status()).isEqualTo(204);
        assertThat(http.call("DELETE", "/api/friends/alice", token("carol"), null).status()).isEqualTo(204);
        assertThat(db.friends().areFriends("alice", "bob")).isTrue();
        assertThat(get("alice", "/api/friends").json().get("outgoing")).as("carol declined").isEmpty();
        assertThat(events.all()).containsExactly("started alice bob");
    }

    @Test
    void listsAreSortedById() {
        profile("me");
        for (String id : new String[]{"zed", "Bob", "_u", "amy"}) {
            profile(id);
            post("me", "/api/friends/" + id);
            post(id, "/api/friends/me");
        }
        profile("x2");
        profile("X1");
        post("x2", "/api/friends/me");
        post("X1", "/api/friends/me");
        TestClient.Answer lists = get("me", "/api/friends");
        assertThat(lists.json().get("friends").findValuesAsText("id")).containsExactly("Bob", "_u", "amy", "zed");
        assertThat(lists.json().get("incoming").toString()).isEqualTo("[\"X1\",\"x2\"]");
    }
}
