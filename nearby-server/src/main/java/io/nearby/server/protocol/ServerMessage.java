package io.nearby.server.protocol;

import java.util.List;

/** Server → client messages (PROTOCOL.md "Server → client"), each rendering itself as one JSON text frame. */
public sealed interface ServerMessage {
    String toJson();

    /** One entry of a nearby page. Distances in metres (great-circle), ts is the friend's own update time. */
    record NearbyFriend(String id, String name, String avatarUrl, double lat, double lon, double distanceMeters, long ts) {
    }

    /**
     * @param sharing whether the receiving user shares their own location: only then are friends shown (reciprocity);
     *                false comes with an empty page
     */
    record Nearby(int page, int pageSize, int total, List<NearbyFriend> friends, boolean sharing) implements ServerMessage {
        public Nearby(int page, int pageSize, int total, List<NearbyFriend> friends) {
            this(page, pageSize, total, friends, true);
        }

        /** The page a user with sharing off gets: nobody, and why. */
        public static Nearby notSharing(int page, int pageSize) {
            return new Nearby(page, pageSize, 0, List.of(), false);
        }

        @Override
        public String toJson() {
            StringBuilder list = new StringBuilder(friends.size() * 140 + 2).append('[');
            for (int i = 0; i < friends.size(); i++) {
                NearbyFriend f = friends.get(i);
                if (i > 0) {
                    list.append(',');
                }
                list.append(new JsonText().string("id", f.id()).string("name", f.name())
                        .string("avatarUrl", f.avatarUrl()).number("lat", f.lat()).number("lon", f.lon())
                        .number("distanceMeters", round(f.distanceMeters())).number("ts", f.ts()).end());
            }
            list.append(']');
            return new JsonText("nearby").number("page", page).number("pageSize", pageSize).number("total", total)
                    .raw("friends", list).bool("sharing", sharing).end();
        }
    }

    record FriendLocation(String id, String name, double lat, double lon, double distanceMeters, long ts) implements ServerMessage {
        @Override
        public String toJson() {
            return new JsonText("friend_location").string("id", id).string("name", name).number("lat", lat)
                    .number("lon", lon).number("distanceMeters", round(distanceMeters)).number("ts", ts).end();
        }
    }

    record FriendGone(String id, GoneReason reason) implements ServerMessage {
        @Override
        public String toJson() {
            return new JsonText("friend_gone").string("id", id).string("reason", reason.wire()).end();
        }
    }

    /**
     * A friend came within the user's proximity alert distance: once per crossing (again only after the friend was
     * farther than the exit distance, see FriendView).
     */
    record FriendNearby(String id, String name, double distanceMeters, long ts) implements ServerMessage {
        @Override
        public String toJson() {
            return new JsonText("friend_nearby").string("id", id).string("name", name)
                    .number("distanceMeters", round(distanceMeters)).number("ts", ts).end();
        }
    }

    /** A discoverable non-friend: position snapped to ~1 km, distance rounded to 500 m (never exact). */
    record StrangerLocation(String id, String name, double lat, double lon, long distanceMeters, long ts) implements ServerMessage {
        @Override
        public String toJson() {
            return new JsonText("stranger_location").string("id", id).string("name", name).number("lat", lat)
                    .number("lon", lon).number("distanceMeters", distanceMeters).number("ts", ts).end();
        }
    }

    record StrangerGone(String id, GoneReason reason) implements ServerMessage {
        @Override
        public String toJson() {
            return new JsonText("stranger_gone").string("id", id).string("reason", reason.wire()).end();
        }
    }

    record Error(ErrorCode code, String message) implements ServerMessage {
        @Override
        public String toJson() {
            return new JsonText("error").string("code", code.wire()).string("message", message).end();
        }
    }

    /** How often the client should send its location from now on: the next update within this, then every this. */
    record Cadence(int seconds) implements ServerMessage {
        @Override
        public String toJson() {
            return new JsonText("cadence").number("seconds", seconds).end();
        }
    }

    record Pong(long ts) implements ServerMessage {
        @Override
        public String toJson() {
            return new JsonText("pong").number("ts", ts).end();
        }
    }

    /** Distances are shown to the decimetre. */
    private static double round(double meters) {
        return Math.round(meters * 10) / 10.0;
    }
}
