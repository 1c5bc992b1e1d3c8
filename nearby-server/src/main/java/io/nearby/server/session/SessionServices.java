package io.nearby.server.session;

import io.nearby.server.config.CadenceRules;
import io.nearby.server.config.WsLimits;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import io.nearby.friends.FriendGraph;
import io.nearby.friends.UserDirectory;
import io.nearby.geo.CellTiers;
import io.nearby.api.TokenVerifier;
import io.nearby.geo.LocationValidator;
import io.nearby.geo.Plausibility;
import io.nearby.geo.Radius;
import io.nearby.history.LocationHistory;
import io.nearby.server.fanout.Fanout;
import io.nearby.server.fanout.LiveFriendshipEvents;
import io.nearby.server.location.LocationStore;
import io.nearby.server.protocol.ClientMessageParser;

/**
 * What the sessions of a server share (built once by NearbyServer): the rules, the backends and the threads. Only
 * {@link NearbySession} and {@link SessionRegistry} see it whole; the parts of a session take just what they use.
 *
 * @param cellTiers  the geohash cells of the radius (random nearby users), immutable
 * @param cadence    the update interval the server asks each client for
 * @param plausibility the speed rule between a user's accepted fixes
 * @param tokens     verifies the fresh tokens of {@code auth} messages
 * @param async      virtual-thread executor: a session's control events (friendships, flags, resubscriptions)
 * @param deliveries the workers that write the fan-out's frames
 * @param profiles   one copy of each friend profile for all sessions
 */
public record SessionServices(Radius radius,
                              CellTiers cellTiers,
                              Duration inactiveAfter,
                              int pageSize,
                              CadenceRules cadence,
                              WsLimits limits,
                              LocationValidator validator,
                              Plausibility plausibility,
                              TokenVerifier tokens,
                              ClientMessageParser parser,
                              UserDirectory users,
                              FriendGraph friends,
                              LocationStore cache,
                              Fanout fanout,
                              LiveFriendshipEvents events,
                              LocationHistory history,
                              Clock clock,
                              ExecutorService async,
                              DeliveryWorkers deliveries,
                              SharedProfiles profiles,
                              SessionMeters meters) {
    /** How long init waits for its channel subscriptions to be confirmed before answering anyway. */
    static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(3);
}
