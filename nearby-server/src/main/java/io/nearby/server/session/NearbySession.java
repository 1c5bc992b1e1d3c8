package io.nearby.server.session;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.nearby.friends.UserProfile;
import io.nearby.geo.LocationFix;
import io.nearby.geo.Validated;
import io.nearby.server.fanout.ChannelEvent;
import io.nearby.server.fanout.Channels;
import io.nearby.server.fanout.Subscriber;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.ClientMessage;
import io.nearby.server.protocol.CloseCodes;
import io.nearby.server.protocol.ErrorCode;
import io.nearby.server.protocol.GoneReason;
import io.nearby.server.protocol.Parsed;
import io.nearby.server.protocol.ServerMessage;

/**
 * One WebSocket connection of one user: the seed's data flow. {@code init} caches the location, loads the
 * friends, subscribes to their channels, reads their cached locations in one batch and answers page 0, then
 * publishes; every {@code location} caches + publishes (+ history) in parallel; friends' updates from the
 * fan-out are filtered by distance against this connection's latest location.
 *
 * <p>Threading: client messages arrive on the connection's virtual thread, channel events through the
 * {@link SessionMailbox}; both run under one lock, so state and the order of sent frames are consistent.
 * Nothing a client sends escapes as an exception: bad input is answered with an {@code error}, repeated bad
 * input closes with 1008.
 */
final class NearbySession implements Subscriber {
    private static final System.Logger LOG = System.getLogger(NearbySession.class.getName());

    private final String userId;
    private final Outbound out;
    private final SessionServices s;
    private final ReentrantLock lock = new ReentrantLock();
    private final FriendView view;
    private final MessageGuard guard;
    private final SessionMailbox<SessionEvent> mailbox;
    private final SessionChannels channels;
    private final StrangerFeed strangers;
    private final LocationSharing sharing;
    private final Heartbeat heartbeat;
    private LocationFix own;
    private volatile boolean closed;
    /** When a shown friend or stranger next expires (ms, the services' clock): the registry ticks only when due. */
    private volatile long nextExpiryMillis = Long.MAX_VALUE;

    NearbySession(String userId, Outbound out, SessionServices services) {
        this.userId = userId;
        this.out = out;
        this.s = services;
        this.view = new FriendView(services.radius(), services.inactiveAfter().toMillis());
        this.guard = new MessageGuard(services.limits(), System::nanoTime);
        this.mailbox = new SessionMailbox<>(services.async(), this::handle);
        this.channels = new SessionChannels(this, services.fanout());
        this.strangers = new StrangerFeed(userId, services, channels);
        this.sharing = new LocationSharing(userId, services, strangers);
        this.heartbeat = new Heartbeat(services.limits().pingInterval(), services.limits().idleTimeout());
    }

    String userId() {
        return userId;
    }

    // ------------------------------------------------------------------ client → server

    /** One complete text message from the client. */
    void onText(String text) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!guard.allowMessage()) {
                reject(ErrorCode.RATE_LIMITED, "too many messages: at most " + s.limits().messagesPerSecond() + " per second");
                return;
            }
            switch (s.parser().parse(text)) {
                case Parsed.Rejected r -> reject(r.code(), r.message());
                case Parsed.Ok ok -> dispatch(ok.message());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "message of " + userId + " failed", e);
            send(new ServerMessage.Error(ErrorCode.INTERNAL, "the server could not process this message; try again"));
        } finally {
            nextExpiryMillis = Math.min(view.nextExpiry(), strangers.nextExpiry());
            lock.unlock();
        }
    }

    private void dispatch(ClientMessage message) {
        if (message instanceof ClientMessage.Ping) {
            send(new ServerMessage.Pong(s.clock().millis()));
            return;
        }
        if (own == null && !(message instanceof ClientMessage.Init)) {
            reject(ErrorCode.NOT_INITIALIZED, "send init with your location first");
            return;
        }
        switch (message) {
            case ClientMessage.Init m -> update(m.lat(), m.lon(), m.ts(), true);
            case ClientMessage.Location m -> update(m.lat(), m.lon(), m.ts(), false);
            case ClientMessage.NearbyPage m -> send(view.page(m.page(), s.pageSize()));
            case ClientMessage.Subscribe m -> subscribe(m.friendId());
            case ClientMessage.Unsubscribe m -> unsubscribe(m.friendId());
            case ClientMessage.Random m -> random(m.enabled());
            case ClientMessage.Ping p -> throw new IllegalStateException("handled above");
        }
    }

    private void update(double lat, double lon, long ts, boolean init) {
        if (!guard.allowUpdate()) {
            reject(ErrorCode.RATE_LIMITED, "too many location updates: at most " + s.limits().updatesPerSecond() + " per second");
            return;
        }
        Validated<LocationFix> checked = s.validator().validate(lat, lon, ts);
        if (checked instanceof Validated.Invalid<LocationFix> bad) {
            reject(ErrorCode.BAD_REQUEST, bad.message());
            return;
        }
        LocationFix fix = ((Validated.Valid<LocationFix>) checked).value();
        s.meters().updates.increment();
        long now = s.clock().millis();
        if (init) {
            init(fix, now);
        } else {
            own = fix;
            view.ownMoved(fix.point(), now).forEach(this::send);
            strangers.ownMoved(fix.point(), now).forEach(this::send);
        }
        sharing.share(fix, now);
    }

    private void init(LocationFix fix, long now) {
        sharing.load(s.users().find(userId).orElse(null));
        Set<String> friendIds = s.friends().friendsOf(userId);
        Map<String, UserProfile> profiles = s.users().findAll(friendIds);
        Set<String> wanted = new HashSet<>();
        wanted.add(Channels.control(userId));
        friendIds.forEach(f -> wanted.add(Channels.user(f)));
        view.befriend(profiles.values());
        SessionChannels.await(channels.retain(wanted, c -> !Channels.isCell(c)));
        Map<String, CachedLocation> locations = s.cache().getAll(friendIds);
        own = fix;
        view.reset(fix.point(), profiles.values(), locations, now);
        send(view.page(0, s.pageSize()));
        strangers.ownMoved(fix.point(), now).forEach(this::send);
    }

    private void subscribe(String friendId) {
        if (!view.isFriend(friendId)) {
            reject(ErrorCode.NOT_FRIEND, friendId + " is not your friend");
            return;
        }
        SessionChannels.await(channels.add(List.of(Channels.user(friendId))));
        view.unmute(friendId, s.cache().get(friendId), s.clock().millis()).forEach(this::send);
    }

    private void unsubscribe(String friendId) {
        if (!view.isFriend(friendId)) {
            reject(ErrorCode.NOT_FRIEND, friendId + " is not your friend");
            return;
        }
        view.mute(friendId);
        channels.drop(List.of(Channels.user(friendId)));
    }

    private void random(boolean enabled) {
        if (!sharing.discoverable()) {
            reject(ErrorCode.NOT_DISCOVERABLE, "turn on discoverable (PUT /api/users/me/discoverable) to see random nearby users");
            return;
        }
        if (enabled && !strangers.receiving()) {
            strangers.start(own.point());
        } else if (!enabled) {
            strangers.stop();
        }
    }

    private void reject(ErrorCode code, String message) {
        s.meters().rejected.increment();
        send(new ServerMessage.Error(code, message));
        if (guard.violation()) {
            closeWith(CloseCodes.POLICY_VIOLATION, "too many bad messages");
        }
    }

    // ------------------------------------------------------------------ fan-out → session

    /**
     * On the Pub/Sub reader thread: events that cannot change what the client sees are settled here (the friend's
     * position is recorded) and never wake the session; the others go to the mailbox, location events coalesced per
     * friend or stranger.
     */
    @Override
    public void onEvent(String channel, ChannelEvent event, long receivedNanos) {
        if (closed) {
            return;
        }
        if (Channels.isCell(channel)) {
            if (strangers.worthHandling(event, view.own())) {
                mailbox.offerLatest("s:" + event.userId(), new SessionEvent.Channel(channel, event));
            }
            return;
        }
        boolean worth = switch (event) {
            case ChannelEvent.Moved m when Channels.isUserChannelOf(channel, m.userId()) -> view.accept(m.userId(), m.location());
            case ChannelEvent.Gone g when Channels.isUserChannelOf(channel, g.userId()) -> view.forget(g.userId());
            default -> {
                mailbox.offerOrdered(new SessionEvent.Channel(channel, event));
                yield false;
            }
        };
        if (worth) {
            mailbox.offerLatest(channel, new SessionEvent.Channel(channel, event));
        }
    }

    @Override
    public void onResubscribed(String channel) {
        mailbox.offerOrdered(new SessionEvent.Resubscribed(channel));
    }

    /** From the registry: inactive friends disappear; the connection is pinged or found dead. */
    void tick() {
        mailbox.offerOrdered(SessionEvent.TICK);
    }

    /** Cheap (volatile reads only): whether {@link #tick} has anything to do now. Idle sessions are not woken. */
    boolean tickDue(long nowMillis, long nowNanos) {
        return nowMillis >= nextExpiryMillis || heartbeat.due(nowNanos);
    }

    /** The client sent something (a message or a pong): it is alive. */
    void heard() {
        heartbeat.heard();
    }

    /** Pings when due; drops a connection that has been silent for the idle timeout. @return false when dropped */
    private boolean heartbeat() {
        switch (heartbeat.check(System.nanoTime())) {
            case DEAD -> {
                LOG.log(System.Logger.Level.DEBUG, "no sign of life from a connection of " + userId + "; dropping it");
                try {
                    out.terminate();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "terminate failed: " + e);
                }
                release();
                return false;
            }
            case PING -> {
                try {
                    out.ping();
                } catch (RuntimeException e) {
                    release();
                    return false;
                }
            }
            case ALIVE -> {
            }
        }
        return true;
    }

    private void handle(SessionEvent event) {
        lock.lock();
        try {
            if (closed || (event instanceof SessionEvent.Tick && !heartbeat()) || own == null) {
                return;
            }
            long now = s.clock().millis();
            switch (event) {
                case SessionEvent.Tick t -> {
                    view.expire(now).forEach(this::send);
                    strangers.expire(now).forEach(this::send);
                }
                case SessionEvent.Resubscribed r -> refresh(Channels.userOf(r.channel()), now);
                case SessionEvent.Channel c -> apply(c.channel(), c.event(), now);
            }
        } finally {
            nextExpiryMillis = Math.min(view.nextExpiry(), strangers.nextExpiry());
            lock.unlock();
        }
    }

    private void apply(String channel, ChannelEvent event, long now) {
        if (Channels.isCell(channel)) {
            strangers.onEvent(event, own.point(), view.isFriend(event.userId()), now).forEach(this::send);
            return;
        }
        switch (event) {
            case ChannelEvent.Moved m when Channels.isUserChannelOf(channel, m.userId()) -> {
                List<ServerMessage> out = view.moved(m.userId(), m.location(), now);
                for (ServerMessage msg : out) {
                    send(msg);
                    if (msg instanceof ServerMessage.FriendLocation) {
                        s.meters().delivered(m.location().receivedAt(), s.clock().millis());
                    }
                }
            }
            case ChannelEvent.Gone g when Channels.isUserChannelOf(channel, g.userId()) -> view.gone(g.userId(), g.reason()).forEach(this::send);
            case ChannelEvent.FriendAdded a when a.userId().equals(userId) -> friendAdded(a.friendId(), now);
            case ChannelEvent.FriendRemoved r when r.userId().equals(userId) -> {
                view.removeFriend(r.friendId()).forEach(this::send);
                channels.drop(List.of(Channels.user(r.friendId())));
            }
            case ChannelEvent.SharingChanged c when c.userId().equals(userId) -> sharing.sharingChanged(c.enabled(), own, now);
            case ChannelEvent.DiscoverableChanged d when d.userId().equals(userId) -> sharing.discoverableChanged(d.enabled(), own, now);
            default -> LOG.log(System.Logger.Level.DEBUG, "ignored " + event + " on " + channel);
        }
    }

    private void friendAdded(String friendId, long now) {
        if (view.isFriend(friendId) || !s.friends().areFriends(userId, friendId)) {
            return;
        }
        Optional<UserProfile> profile = s.users().find(friendId);
        if (profile.isEmpty()) {
            return;
        }
        view.befriend(profile.get());
        SessionChannels.await(channels.add(List.of(Channels.user(friendId))));
        view.addFriend(profile.get(), s.cache().get(friendId), now).forEach(this::send);
    }

    /** After a resubscription the channel may have missed updates: the cache has the latest. */
    private void refresh(String friendId, long now) {
        if (friendId == null || !view.isFriend(friendId) || view.isMuted(friendId)) {
            return;
        }
        CachedLocation loc = s.cache().get(friendId);
        if (loc == null) {
            view.forget(friendId);
            view.gone(friendId, GoneReason.INACTIVE).forEach(this::send);
        } else {
            view.moved(friendId, loc, now).forEach(this::send);
        }
    }

    // ------------------------------------------------------------------ channels and output

    private void send(ServerMessage message) {
        if (closed) {
            return;
        }
        try {
            out.send(message.toJson());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "send to " + userId + " failed; closing: " + e);
            release();
        }
    }

    /** Server-initiated close (policy, draining). */
    void closeWith(int code, String reason) {
        lock.lock();
        try {
            if (!closed) {
                try {
                    out.close(code, reason);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "close failed: " + e);
                }
            }
        } finally {
            release();
            lock.unlock();
        }
    }

    /** The connection is gone: leave every channel. Idempotent. */
    void release() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                channels.dropAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The connection went away without the WebSocket layer reporting it (see {@link Outbound#isOpen}), or this
     * session released itself (a dead peer found by the heartbeat).
     */
    boolean connectionLost() {
        return closed || !out.isOpen();
    }
}
