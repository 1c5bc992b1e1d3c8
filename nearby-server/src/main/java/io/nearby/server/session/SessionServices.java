package io.nearby.server.session;

import io.nearby.server.config.WsLimits;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import io.nearby.friends.FriendGraph;
import io.nearby.friends.UserDirectory;
import io.nearby.geo.CellTiers;
import io.nearby.geo.LocationValidator;
import io.nearby.geo.Radius;
import io.nearby.history.LocationHistory;
import io.nearby.server.fanout.Broadcaster;
import io.nearby.server.fanout.Fanout;
import io.nearby.server.fanout.LiveFriendshipEvents;
import io.nearby.server.location.LocationCache;
import io.nearby.server.protocol.ClientMessageParser;

/**
 * Everything a session needs, shared by all sessions of a server (built once by NearbyServer).
 *
 * @param cellTiers the geohash cells of the radius (random nearby users), immutable
 * @param async     virtual-thread executor: mailbox drains
 */
public record SessionServices(Radius radius,
                              CellTiers cellTiers,
                              Duration inactiveAfter,
                              int pageSize,
                              WsLimits limits,
                              LocationValidator validator,
                              ClientMessageParser parser,
                              UserDirectory users,
                              FriendGraph friends,
                              LocationCache cache,
                              Fanout fanout,
                              Broadcaster broadcaster,
                              LiveFriendshipEvents events,
                              LocationHistory history,
                              Clock clock,
                              ExecutorService async,
                              SessionMeters meters) {
    /** How long init waits for its channel subscriptions to be confirmed before answering anyway. */
    static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(3);
}
