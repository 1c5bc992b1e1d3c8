package io.nearby.server.session;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.nearby.geo.CellTiers;
import io.nearby.geo.GeoPoint;
import io.nearby.server.fanout.ChannelEvent;
import io.nearby.server.fanout.Channels;
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
    private final String userId;
    private final SessionServices s;
    private final SessionChannels channels;
    private final CellTiers tiers;
    private final StrangerView view;
    private volatile boolean receiving;
    private Set<String> receiveChannels = Set.of();
    private List<String> publishedChannels = List.of();

    StrangerFeed(String userId, SessionServices services, SessionChannels channels) {
        this.userId = userId;
        this.s = services;
        this.channels = channels;
        this.tiers = services.cellTiers();
        this.view = new StrangerView(services.radius(), services.inactiveAfter().toMillis());
    }

    void publish(CachedLocation loc, String name) {
        List<String> now = tiers.publishCells(new GeoPoint(loc.lat(), loc.lon())).stream().map(Channels::cell).toList();
        Set<String> targets = new LinkedHashSet<>(now);
        targets.addAll(publishedChannels);
        ChannelEvent event = new ChannelEvent.StrangerMoved(userId, loc, name);
        targets.forEach(c -> s.broadcaster().publish(c, event));
        publishedChannels = now;
    }

    /** No longer discoverable (or sharing off): whoever shows this user as a stranger drops them. */
    void retract() {
        ChannelEvent gone = new ChannelEvent.Gone(userId, GoneReason.SHARING_OFF);
        publishedChannels.forEach(c -> s.broadcaster().publish(c, gone));
        publishedChannels = List.of();
    }

    boolean receiving() {
        return receiving;
    }

    void start(GeoPoint own) {
        receiving = true;
        move(own);
    }

    /** Random off: unsubscribe the cells and forget the strangers, without messages. */
    void stop() {
        receiving = false;
        channels.drop(receiveChannels);
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

    /** Any thread (the Pub/Sub reader): whether a cell event could change what the client sees. */
    boolean worthHandling(ChannelEvent event, GeoPoint own) {
        return receiving && switch (event) {
            case ChannelEvent.StrangerMoved m -> !m.userId().equals(userId) && view.worthHandling(m.userId(), m.location(), own);
            case ChannelEvent.Gone g -> view.isShown(g.userId());
            default -> false;
        };
    }

    private void move(GeoPoint own) {
        Set<String> next = tiers.receiveCells(own).stream().map(Channels::cell).collect(Collectors.toUnmodifiableSet());
        if (!next.equals(receiveChannels)) {
            SessionChannels.await(channels.retain(next, Channels::isCell));
            receiveChannels = next;
        }
    }
}
