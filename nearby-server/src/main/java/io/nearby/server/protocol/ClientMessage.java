package io.nearby.server.protocol;

/**
 * Client → server messages (PROTOCOL.md "Client → server"). Values have the right JSON types when they
 * get here; ranges (coordinates, timestamps) are checked by the session with the geo validator.
 */
public sealed interface ClientMessage {
    /** First message: the client's location. Answered with {@code nearby} page 0. */
    record Init(double lat, double lon, long ts) implements ClientMessage {
    }

    /** Periodic location update. No answer. */
    record Location(double lat, double lon, long ts) implements ClientMessage {
    }

    /** Page {@code page} (0-based) of the nearby list. */
    record NearbyPage(int page) implements ClientMessage {
    }

    /** Resume updates of one friend on this connection. */
    record Subscribe(String friendId) implements ClientMessage {
    }

    /** Stop updates of one friend on this connection. */
    record Unsubscribe(String friendId) implements ClientMessage {
    }

    /** Start or stop random-nearby-users (strangers) updates. */
    record Random(boolean enabled) implements ClientMessage {
    }

    record Ping() implements ClientMessage {
    }

    /** A fresh token for this connection, before the one it opened with expires. */
    record Auth(String token) implements ClientMessage {
    }
}
