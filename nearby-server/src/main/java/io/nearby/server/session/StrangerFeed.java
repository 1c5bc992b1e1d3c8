package io.nearby.server.session;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.nearby.geo.CellTiers;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.Plausibility;
import io.nearby.geo.Radius;
import io.nearby.server.fanout.ChannelEvent;
import io.nearby.server.fanout.Channels;
import io.nearby.server.fanout.Fanout;
import io.nearby.server.fanout.Subscriber;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.GoneReason;
import io.nearby.server.protocol.ServerMessage;

/**
 * "Random nearby users" for one session, both directions, on geohash-cell channels of the same ring:
 * <ul>
 *   <li><b>publishing</b> (the user is discoverable and sharing): each update goes to the user's cell channel(s)
 *       ({@link CellTiers#publishCells}); after a move to another cell the update also goes to the cells just
 *       left, so their watchers see the user leave; {@link #retract} tells the watchers the user is gone;</li>
 *   <li><b>receiving</b> (the client sent {@code random: true}, which needs discoverable): the session
 *       subscribes to the 9 cells around its position and moves only the subscriptions that change as it
 *       moves; strangers go through {@link StrangerView} (coarsened, never friends, never the user).</li>
 * </ul>
 * There is no snapshot when receiving starts: strangers appear with their next update (every ~30 s).
 * Used under the session lock.
 */
final class StrangerFeed {
    /**
     * Strangers see a user move at most this fast between two published positions (friends: NEARBY_MAX_SPEED_KMH, and
     * when that is 0 — simulations — this rule is off too).
     */
    static final double MAX_CELL_SPEED_KMH = 300;

    private final String userId;
    private final CellTiers tiers;
    private final Fanout fanout;
    private final Subscriber owner;
    private final StrangerView view;
    private final Plausibility cellRule;
    private boolean receiving;
    private Set<String> receiveChannels = Set.of();
    private List<String> publishedChannels = List.of();
    private GeoPoint lastPublished;
    private long lastPublishedTs;

    /** @param owner the session, as the subscriber of the cell channels it receives */
    /** @param friendsRule the speed rule of friends' updates; the cells' is stricter, or off when that one is */
    StrangerFeed(String userId, CellTiers tiers, Radius radius, long inactiveMillis, Fanout fanout, Subscriber owner,
            Plausibility friendsRule) {
        this.cellRule = new Plausibility(friendsRule.maxSpeedKmh() == 0 ? 0 : Math.min(MAX_CELL_SPEED_KMH, friendsRule.maxSpeedKmh()));
        this.userId = userId;
        this.tiers = tiers;
        this.fanout = fanout;
        this.owner = owner;
        this.view = new StrangerView(radius, inactiveMillis);
    }

    /**
     * Publishes the user's position on their cells — unless it does not follow from the last one published at
     * {@link #MAX_CELL_SPEED_KMH} (stricter than the friends' rule: strangers are who a sweep across a city would
     * harvest). A skipped position leaves the last published one as the reference, so a real fast trip shows up again
     * once the time since makes it plausible.
     */
    void publish(CachedLocation loc, String name) {
        GeoPoint at = new GeoPoint(loc.lat(), loc.lon());
        if (cellRule.check(lastPublished, lastPublishedTs, at, loc.ts()) != Plausibility.Verdict.OK) {
            return;
        }
        lastPublished = at;
        lastPublishedTs = loc.ts();
        List<String> now = tiers.publishCells(at).stream().map(Channels::cell).toList();
        Set<String> targets = new LinkedHashSet<>(now);
        targets.addAll(publishedChannels);
        ChannelEvent event = new ChannelEvent.StrangerMoved(userId, loc, name);
        targets.forEach(c -> fanout.publish(c, event));
        publishedChannels = now;
    }

    /** No longer discoverable (or sharing off): whoever shows this user as a stranger drops them. */
    void retract() {
        ChannelEvent gone = new ChannelEvent.Gone(userId, GoneReason.SHARING_OFF);
        publishedChannels.forEach(c -> fanout.publish(c, gone));
        publishedChannels = List.of();
    }

    boolean receiving() {
        return receiving;
    }

    /** The cell channels this session receives now. */
    Set<String> receiveChannels() {
        return receiveChannels;
    }

    void start(GeoPoint own) {
        receiving = true;
        move(own);
    }

    /** Random off: unsubscribe the cells and forget the strangers, without messages. */
    void stop() {
        receiving = false;
        fanout.remove(owner, receiveChannels);
        receiveChannels = Set.of();
        view.clear();
    }

    List<ServerMessage> ownMoved(GeoPoint own, long now) {
        if (!receiving) {
            return List.of();
        }
        move(own);
        return view.ownMoved(own, now);
    }

    List<ServerMessage> onEvent(ChannelEvent event, GeoPoint own, boolean isFriend, long now) {
        if (!receiving) {
            return List.of();
        }
        return switch (event) {
            case ChannelEvent.StrangerMoved m when m.userId().equals(userId) -> List.of();
            case ChannelEvent.StrangerMoved m when isFriend -> view.gone(m.userId(), GoneReason.OUT_OF_RANGE);
            case ChannelEvent.StrangerMoved m -> view.moved(m.userId(), m.name(), m.location(), own, now);
            case ChannelEvent.Gone g -> view.gone(g.userId(), g.reason());
            default -> List.of();
        };
    }

    List<ServerMessage> expire(long now) {
        return view.expire(now);
    }

    long nextExpiry() {
        return view.nextExpiry();
    }

    private void move(GeoPoint own) {
        Set<String> next = tiers.receiveCells(own).stream().map(Channels::cell).collect(Collectors.toUnmodifiableSet());
        if (!next.equals(receiveChannels)) {
            Set<String> left = new HashSet<>(receiveChannels);
            left.removeAll(next);
            fanout.remove(owner, left);
            Set<String> joined = new HashSet<>(next);
            joined.removeAll(receiveChannels);
            receiveChannels = next;
            SessionChannels.await(fanout.add(owner, joined));
        }
    }
}
