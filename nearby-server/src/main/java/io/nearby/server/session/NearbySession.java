package io.nearby.server.session;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.nearby.friends.UserProfile;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
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
import io.nearby.server.config.CadenceRules;
import io.nearby.server.config.WsLimits;

/**
 * One WebSocket connection of one user: the seed's data flow. {@code init} loads the friends, subscribes to their
 * channels, reads their cached locations in one batch and answers page 0, then shares its own location; every
 * {@code location} is shared (cache, channel, history: all queued) and re-evaluates the friends against the new
 * position; friends' updates from the fan-out are filtered by distance against this connection's latest location.
 *
 * <p>Threading. The state (the views, the own position, the flags) is guarded by one lock, and nobody holding it
 * ever writes to the socket: frames go to the {@link Outbox}. Four kinds of threads come here:
 * <ul>
 *   <li>the client's own virtual thread ({@link #onText}): takes the lock, answers, then writes the outbox itself;</li>
 *   <li>the Pub/Sub reader ({@link #onEvent}) for positions and disappearances: it never waits — if the lock is free
 *       it applies the event at once (a map lookup and, within the bounding box, a distance), else it leaves the
 *       event in {@link PendingEvents} for the lock's holder, who applies waiting events before letting go; frames
 *       it produced are written by a {@link DeliveryWorkers} worker;</li>
 *   <li>the registry's ticker ({@link #tick}): heartbeat and inactivity, the same way;</li>
 *   <li>a virtual thread for control events (friendship and flag changes, resubscriptions), which need the user DB
 *       or the cache, in order.</li>
 * </ul>
 * Nothing a client sends escapes as an exception: bad input is answered with an {@code error}, repeated bad input
 * closes with 1008.
 */
final class NearbySession implements Subscriber {
    private static final System.Logger LOG = System.getLogger(NearbySession.class.getName());

    private final String userId;
    private final Outbound out;
    private final SessionServices s;
    private final ReentrantLock lock = new ReentrantLock();
    private final FriendView view;
    private final MessageGuard guard;
    private final StrangerFeed strangers;
    private final LocationSharing sharing;
    private final Heartbeat heartbeat;
    private final Outbox outbox;
    private final PendingEvents<SessionEvent> pending = new PendingEvents<>();
    private final Queue<SessionEvent> controls = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean controlsRunning = new AtomicBoolean();
    /** The user's latest accepted fix: the one place the own position lives. */
    private LocationFix own;
    /** When {@link #own} was received (ms, the services' clock): the cadence counts from it. */
    private long ownAt;
    /** The user's latest accepted fix was a move ({@link CadenceRules#moving}) from the one before: for the cadence. */
    private boolean ownMoving;
    private final Cadence cadence;
    private volatile boolean initialized;
    private volatile boolean closed;
    /** When the token this connection was opened (or refreshed) with expires, ms since the epoch. */
    private volatile long tokenExpiresAtMillis = Long.MAX_VALUE;
    private final long openedAtNanos = System.nanoTime();
    /** When a shown friend or stranger next expires (ms, the services' clock): the registry ticks only when due. */
    private volatile long nextExpiryMillis = Long.MAX_VALUE;

    NearbySession(String userId, Outbound out, SessionServices services) {
        this.userId = userId;
        this.out = out;
        this.s = services;
        long inactiveMillis = services.inactiveAfter().toMillis();
        this.view = new FriendView(services.radius(), inactiveMillis, services.cadence());
        this.cadence = new Cadence(services.cadence());
        this.guard = new MessageGuard(services.limits(), System::nanoTime);
        this.strangers = new StrangerFeed(userId, services.cellTiers(), services.radius(), inactiveMillis,
                services.fanout(), this, services.plausibility());
        this.sharing = new LocationSharing(userId, services.cache(), services.history(), services.fanout(),
                services.events(), strangers);
        this.heartbeat = new Heartbeat(services.limits().pingInterval(), services.limits().idleTimeout());
        this.outbox = new Outbox(out, this::release, acceptedAt -> services.meters().delivered(acceptedAt, services.clock().millis()));
    }

    String userId() {
        return userId;
    }

    // ------------------------------------------------------------------ client → server (the client's thread)

    /** One complete text message from the client: handled, then the answers written on this (the client's) thread. */
    void onText(String text) {
        handle(text);
        outbox.flush();
    }

    private void handle(String text) {
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
            unlock();
        }
    }

    private void dispatch(ClientMessage message) {
        if (message instanceof ClientMessage.Ping) {
            send(new ServerMessage.Pong(s.clock().millis()));
            return;
        }
        if (message instanceof ClientMessage.Auth a) {
            auth(a.token());
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
            case ClientMessage.Auth a -> throw new IllegalStateException("handled above");
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
        if (!plausible(fix)) {
            return;
        }
        s.meters().updates.increment();
        long now = s.clock().millis();
        ownMoving = cadence.alerts() && own != null
                && CadenceRules.moving(GreatCircle.meters(own.point(), fix.point()), fix.ts() - own.ts());
        if (init) {
            init(fix, now);
        } else {
            own = fix;
            sendAll(view.ownMoved(fix.point(), now));
            sendAll(strangers.ownMoved(fix.point(), now));
        }
        if (sharing.share(fix, now)) {
            send(view.page(0, s.pageSize())); // a pause ended: who is near now (the user saw nobody during it)
        }
        ownAt = now;
        boolean alert = ownMoving && sharing.sharing() && view.inAlertZoneAtOwnMove();
        tell(cadence.ownUpdate(now, earliestEntry(now), alert, init));
    }

    /**
     * For the cadence: whether the normal period is asked for whatever the friends do — while the user does not share
     * (nobody sees them, they see nobody: a pause must end with their next update) or is discoverable (random nearby:
     * strangers cannot be reasoned about here).
     */
    private boolean normalPeriodOnly() {
        return !sharing.sharing() || sharing.discoverable();
    }

    /** For the cadence: the earliest a friend could be within the radius, or {@code Long.MIN_VALUE}: the normal period. */
    private long earliestEntry(long now) {
        return normalPeriodOnly() ? Long.MIN_VALUE : view.earliestEntry(ownAt, now);
    }

    /**
     * A friend's update arrived, or whether the user sees them changed: a shorter interval if that one may be near, or
     * the alert interval if the user is moving and that one is now within the alert zone.
     */
    private void cadenceAfter(String friendId, long now) {
        boolean alert = ownMoving && cadence.mayAlert() && sharing.sharing() && view.inAlertZone(friendId);
        if (cadence.mayShorten() || alert) {
            long entry = normalPeriodOnly() ? Long.MIN_VALUE : view.earliestEntry(friendId, ownAt, now);
            tell(cadence.shorten(now, entry, alert));
        }
    }

    /** The user's flags changed: the normal period at once if they now call for it. */
    private void cadenceAfterFlags(long now) {
        if (cadence.mayShorten() && normalPeriodOnly()) {
            tell(cadence.shorten(now, Long.MIN_VALUE, false));
        }
    }

    private void tell(int seconds) {
        if (seconds > 0) {
            send(new ServerMessage.Cadence(seconds));
        }
    }

    /**
     * The speed rule against the user's last accepted fix: this connection's, or at the first init the one in the
     * cache (from another connection or server; none when sharing is off). The fixes' own timestamps count, so a client
     * reconnecting after a flight is fine; a teleport, or an update older than the last one, is refused and counted.
     */
    private boolean plausible(LocationFix fix) {
        GeoPoint lastPoint = null;
        long lastTs = 0;
        if (own != null) {
            lastPoint = own.point();
            lastTs = own.ts();
        } else {
            CachedLocation cached = s.cache().get(userId);
            if (cached != null) {
                lastPoint = new GeoPoint(cached.lat(), cached.lon());
                lastTs = cached.ts();
            }
        }
        switch (s.plausibility().check(lastPoint, lastTs, fix.point(), fix.ts())) {
            case OK -> {
                return true;
            }
            case STALE -> {
                s.meters().locationRefused("stale");
                reject(ErrorCode.STALE, "ts " + fix.ts() + " is older than your last accepted update (" + lastTs + "): not stored");
            }
            case IMPLAUSIBLE -> {
                s.meters().locationRefused("implausible");
                double km = GreatCircle.meters(lastPoint, fix.point()) / 1000;
                reject(ErrorCode.IMPLAUSIBLE, String.format(java.util.Locale.ROOT,
                        "%.1f km in %.1f s from your last accepted update is faster than %.0f km/h: not stored", km,
                        Math.max(0, fix.ts() - lastTs) / 1000.0, s.plausibility().maxSpeedKmh()));
            }
        }
        return false;
    }

    /** A fresh token for this connection: it must be valid and for the same user. */
    private void auth(String token) {
        if (s.tokens().verify(token) instanceof io.nearby.api.Verification.Verified v && v.userId().equals(userId)) {
            tokenExpiresAtMillis = v.expiresAt().toEpochMilli();
            return;
        }
        reject(ErrorCode.UNAUTHORIZED, "the token is invalid, expired or for another user; the connection keeps its current one");
    }

    /** From the WebSocket endpoint at open: the expiry of the token the connection was authenticated with. */
    void tokenExpiresAt(long epochMillis) {
        tokenExpiresAtMillis = epochMillis;
    }

    /**
     * Friends first (so that an update arriving from the moment their channels are subscribed is recorded), then the
     * subscriptions, confirmed by Redis, then the cache: no update can fall between the read and the subscription.
     * Channel events arriving meanwhile wait in {@link #pending} and are applied, newest-wins, when init lets go.
     */
    private void init(LocationFix fix, long now) {
        UserProfile me = s.users().find(userId).orElse(null);
        sharing.load(me);
        view.alertMeters(me == null ? 0 : me.alertMeters());
        Set<String> friendIds = s.friends().friendsOf(userId);
        Map<String, UserProfile> profiles = s.profiles().intern(s.users().findAll(friendIds));
        Set<String> before = view.friendIds();
        before.removeAll(friendIds);
        s.fanout().remove(this, before.stream().map(Channels::user).toList());
        Set<String> wanted = new HashSet<>();
        wanted.add(Channels.control(userId));
        friendIds.forEach(f -> wanted.add(Channels.user(f)));
        view.befriend(profiles.values());
        SessionChannels.await(s.fanout().add(this, wanted));
        // after the control channel is subscribed: a choice committed later is announced there, one committed earlier
        // is read here, so none can fall in between
        view.hiddenBy(s.friends().hiddenFrom(userId));
        Map<String, CachedLocation> locations = s.cache().getAll(friendIds);
        own = fix;
        initialized = true;
        view.reset(fix.point(), profiles.values(), locations, now);
        send(view.page(0, s.pageSize()));
        sendAll(strangers.ownMoved(fix.point(), now));
    }

    private void subscribe(String friendId) {
        if (!view.isFriend(friendId)) {
            reject(ErrorCode.NOT_FRIEND, friendId + " is not your friend");
            return;
        }
        SessionChannels.await(s.fanout().add(this, List.of(Channels.user(friendId))));
        long now = s.clock().millis();
        sendAll(view.unmute(friendId, s.cache().get(friendId), now));
        cadenceAfter(friendId, now);
    }

    private void unsubscribe(String friendId) {
        if (!view.isFriend(friendId)) {
            reject(ErrorCode.NOT_FRIEND, friendId + " is not your friend");
            return;
        }
        view.mute(friendId);
        s.fanout().remove(this, List.of(Channels.user(friendId)));
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
        if (guard.violation() && !closed) {
            s.meters().closed("policy");
            closeWith(CloseCodes.POLICY_VIOLATION, "too many bad messages");
        }
    }

    // ------------------------------------------------------------------ fan-out → session (the Pub/Sub reader)

    /**
     * On a Pub/Sub reader thread; never blocks. Positions and disappearances are applied at once if the session is
     * free, else left for the lock's holder; control events go to the session's control thread.
     */
    @Override
    public void onEvent(String channel, ChannelEvent event, long receivedNanos) {
        if (closed) {
            return;
        }
        boolean cell = Channels.isCell(channel);
        boolean position = cell || switch (event) {
            case ChannelEvent.Moved m -> Channels.isUserChannelOf(channel, m.userId());
            case ChannelEvent.Gone g -> Channels.isUserChannelOf(channel, g.userId());
            default -> false;
        };
        if (!position) {
            control(new SessionEvent.Channel(channel, event));
            return;
        }
        if (lock.tryLock()) {
            try {
                apply(channel, event);
            } finally {
                unlock();
            }
        } else {
            pending.offerLatest((cell ? "s:" : "u:") + event.userId(), new SessionEvent.Channel(channel, event));
            if (lock.tryLock()) { // the holder may have let go before our event was there to see
                unlock();
            }
        }
        scheduleWrite();
    }

    @Override
    public void onResubscribed(String channel) {
        control(new SessionEvent.Resubscribed(channel));
    }

    /**
     * From the registry's ticker (never blocks): the connection limits first (a client that stopped reading, a token
     * that expired, no {@code init} in time), then inactive friends disappear and the connection is pinged or found
     * dead.
     */
    void tick() {
        if (closed) {
            return;
        }
        long nowNanos = System.nanoTime();
        WsLimits limits = s.limits();
        if (outbox.writeBlockedNanos(nowNanos) > limits.writeTimeout().toNanos()
                || outbox.pendingChars() > limits.outboundLimitKiB() * 1024L) {
            // the client does not read: no closing handshake can get through a full socket
            LOG.log(System.Logger.Level.DEBUG, "a connection of " + userId + " does not read; dropping it");
            s.meters().closed("slow_client");
            abort();
            return;
        }
        if (s.clock().millis() >= tokenExpiresAtMillis) {
            s.meters().closed("token_expired");
            s.async().execute(() -> closeWith(CloseCodes.TOKEN_EXPIRED, "token expired; reconnect with a fresh token"));
            return;
        }
        if (!initialized && nowNanos - openedAtNanos > limits.initTimeout().toNanos()) {
            s.meters().closed("init_timeout");
            s.async().execute(() -> closeWith(CloseCodes.POLICY_VIOLATION, "no init within " + limits.initTimeout().toSeconds() + " s"));
            return;
        }
        if (lock.tryLock()) {
            try {
                apply(SessionEvent.TICK);
            } finally {
                unlock();
            }
        } else {
            pending.offerOrdered(SessionEvent.TICK);
            if (lock.tryLock()) {
                unlock();
            }
        }
        scheduleWrite();
    }

    /** Cheap (volatile reads only): whether {@link #tick} has anything to do now. Idle sessions are not touched. */
    boolean tickDue(long nowMillis, long nowNanos) {
        return nowMillis >= nextExpiryMillis || heartbeat.due(nowNanos) || nowMillis >= tokenExpiresAtMillis
                || !initialized || outbox.writeBlockedNanos(nowNanos) > 0 || outbox.pendingChars() > 0;
    }

    /** Drops the connection at once, without a closing handshake (a client that does not read would never get one). */
    private void abort() {
        try {
            out.abort();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "abort failed: " + e);
        }
        s.async().execute(this::release);
    }

    /** A message over the size limit, reassembled from fragments: closed with 1009, counted. */
    void tooBig(String reason) {
        s.meters().closed("too_big");
        closeWith(CloseCodes.TOO_BIG, reason);
    }

    /** A binary frame: the protocol is JSON text frames only. */
    void onBinary() {
        lock.lock();
        try {
            if (!closed) {
                reject(ErrorCode.BAD_REQUEST, "binary frames are not supported: send JSON text frames");
            }
        } finally {
            unlock();
        }
        outbox.flush();
    }

    /** The client sent something (a message or a pong): it is alive. */
    void heard() {
        heartbeat.heard();
    }

    /** Lets go of the lock, applying first whatever the reader or the ticker left meanwhile. */
    private void unlock() {
        while (true) {
            try {
                for (SessionEvent e = pending.poll(); e != null; e = pending.poll()) {
                    try {
                        apply(e);
                    } catch (RuntimeException ex) {
                        LOG.log(System.Logger.Level.ERROR, "a channel event of " + userId + " failed; the session goes on", ex);
                    }
                }
                nextExpiryMillis = Math.min(view.nextExpiry(), strangers.nextExpiry());
            } finally {
                lock.unlock();
            }
            if (pending.isEmpty() || !lock.tryLock()) {
                return;
            }
        }
    }

    /** Under the lock: a position, a disappearance or a tick. */
    private void apply(SessionEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof SessionEvent.Tick) {
            if (heartbeat()) {
                long now = s.clock().millis();
                sendAll(view.expire(now));
                sendAll(strangers.expire(now));
            }
            return;
        }
        SessionEvent.Channel c = (SessionEvent.Channel) event;
        apply(c.channel(), c.event());
    }

    /** Under the lock: a position or a disappearance on a friend's channel or a cell. */
    private void apply(String channel, ChannelEvent event) {
        if (closed) {
            return;
        }
        long now = s.clock().millis();
        if (Channels.isCell(channel)) {
            if (own != null) {
                sendAll(strangers.onEvent(event, own.point(), view.isFriend(event.userId()), now));
            }
            return;
        }
        switch (event) {
            case ChannelEvent.Moved m -> {
                for (ServerMessage msg : view.moved(m.userId(), m.location(), now)) {
                    send(msg, m.location().receivedAt());
                }
                cadenceAfter(m.userId(), now);
            }
            case ChannelEvent.Gone g -> sendAll(view.gone(g.userId(), g.reason()));
            default -> LOG.log(System.Logger.Level.DEBUG, "ignored " + event + " on " + channel);
        }
    }

    /** Pings when due; drops a connection that has been silent for the idle timeout. @return false when dropped */
    private boolean heartbeat() {
        switch (heartbeat.check(System.nanoTime())) {
            case DEAD -> {
                LOG.log(System.Logger.Level.DEBUG, "no sign of life from a connection of " + userId + "; dropping it");
                s.meters().closed("silent");
                try {
                    out.abort();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "abort failed: " + e);
                }
                release();
                return false;
            }
            case PING -> outbox.addPing();
            case ALIVE -> {
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ control events (their own virtual thread)

    private void control(SessionEvent event) {
        controls.add(event);
        if (controlsRunning.compareAndSet(false, true)) {
            s.async().execute(this::runControls);
        }
    }

    private void runControls() {
        do {
            for (SessionEvent e = controls.poll(); e != null; e = controls.poll()) {
                lock.lock();
                try {
                    if (!closed && own != null) {
                        handleControl(e, s.clock().millis());
                    }
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.ERROR, "a control event of " + userId + " failed; the session goes on", ex);
                } finally {
                    unlock();
                }
                outbox.flush();
            }
            controlsRunning.set(false);
        } while (!controls.isEmpty() && controlsRunning.compareAndSet(false, true));
    }

    private void handleControl(SessionEvent event, long now) {
        if (event instanceof SessionEvent.Resubscribed r) {
            refresh(Channels.userOf(r.channel()), now);
            return;
        }
        ChannelEvent e = ((SessionEvent.Channel) event).event();
        switch (e) {
            case ChannelEvent.FriendAdded a when a.userId().equals(userId) -> friendAdded(a.friendId(), now);
            case ChannelEvent.FriendRemoved r when r.userId().equals(userId) -> {
                sendAll(view.removeFriend(r.friendId()));
                s.fanout().remove(this, List.of(Channels.user(r.friendId())));
            }
            case ChannelEvent.SharingChanged c when c.userId().equals(userId) -> {
                boolean was = sharing.sharing();
                sharing.sharingChanged(c.enabled(), own, now);
                if (was != sharing.sharing()) {
                    send(view.page(0, s.pageSize())); // on: who is near now; off: the empty page that says why
                    cadenceAfterFlags(now);
                }
            }
            case ChannelEvent.DiscoverableChanged d when d.userId().equals(userId) -> {
                sharing.discoverableChanged(d.enabled(), own, now);
                cadenceAfterFlags(now);
            }
            case ChannelEvent.SharingPaused p when p.userId().equals(userId) -> {
                boolean was = sharing.sharing();
                sharing.sharingPaused(p.untilMillis());
                if (was) {
                    send(view.page(0, s.pageSize())); // the empty page that says why
                    cadenceAfterFlags(now);
                }
            }
            case ChannelEvent.AlertChanged a when a.userId().equals(userId) -> view.alertMeters(a.meters());
            case ChannelEvent.AlertChanged a when view.isFriend(a.userId()) -> friendAlertChanged(a.userId(), a.meters());
            case ChannelEvent.VisibilityChanged v when v.userId().equals(userId) -> visibilityChanged(v.owner(), now);
            default -> LOG.log(System.Logger.Level.DEBUG, "ignored " + e + " on " + ((SessionEvent.Channel) event).channel());
        }
    }

    private void friendAdded(String friendId, long now) {
        if (view.isFriend(friendId) || !s.friends().areFriends(userId, friendId)) {
            return;
        }
        Optional<UserProfile> profile = s.users().find(friendId).map(s.profiles()::intern);
        if (profile.isEmpty()) {
            return;
        }
        view.befriend(profile.get());
        SessionChannels.await(s.fanout().add(this, List.of(Channels.user(friendId))));
        sendAll(view.addFriend(profile.get(), s.cache().get(friendId), now));
        cadenceAfter(friendId, now);
    }

    /**
     * A friend changed their alert distance (which the alert zone of the cadence counts): taken from the event, so that
     * a change does not cost a DB read in each of the friend's friends' sessions; their user channel keeps the order.
     */
    private void friendAlertChanged(String friendId, int meters) {
        UserProfile known = view.profileOf(friendId);
        if (known != null && known.alertMeters() != meters) {
            view.befriend(s.profiles().intern(known.withAlertMeters(meters)));
        }
    }

    /**
     * A friend changed whether this user sees them: the committed choice is read (not taken from the event, so that
     * two changes announced out of order still end in the right state) and applied.
     */
    private void visibilityChanged(String owner, long now) {
        if (!view.isFriend(owner)) {
            return;
        }
        if (s.friends().hides(owner, userId)) {
            sendAll(view.hideFrom(owner));
        } else if (view.isHidden(owner)) {
            sendAll(view.reveal(owner, s.cache().get(owner), now));
            cadenceAfter(owner, now);
        }
    }

    /** After a resubscription the channel may have missed updates: the cache has the latest. */
    private void refresh(String friendId, long now) {
        if (friendId == null || !view.isFriend(friendId) || view.isMuted(friendId)) {
            return;
        }
        CachedLocation loc = s.cache().get(friendId);
        sendAll(loc == null ? view.gone(friendId, GoneReason.INACTIVE) : view.moved(friendId, loc, now));
        cadenceAfter(friendId, now);
    }

    // ------------------------------------------------------------------ output

    private void sendAll(List<ServerMessage> messages) {
        for (ServerMessage m : messages) {
            send(m);
        }
    }

    private void send(ServerMessage message) {
        send(message, -1);
    }

    /**
     * Under the lock: queues the frame (a position supersedes the same friend's or stranger's still waiting). A user
     * whose own sharing is off sees nobody (reciprocity): positions and disappearances are not sent, a page is empty
     * and says {@code "sharing":false}. The views keep following everyone meanwhile, so turning sharing on shows the
     * true state at once.
     */
    private void send(ServerMessage message, long acceptedAtMillis) {
        if (closed) {
            return;
        }
        if (!sharing.sharing()) {
            switch (message) {
                case ServerMessage.FriendLocation f -> {
                    return;
                }
                case ServerMessage.FriendGone g -> {
                    return;
                }
                case ServerMessage.FriendNearby fn -> {
                    return;
                }
                case ServerMessage.StrangerLocation st -> {
                    return;
                }
                case ServerMessage.StrangerGone sg -> {
                    return;
                }
                case ServerMessage.Nearby n -> message = ServerMessage.Nearby.notSharing(n.page(), n.pageSize());
                default -> {
                }
            }
        }
        switch (message) {
            case ServerMessage.FriendLocation f -> outbox.addPosition("f:" + f.id(), f.toJson(), acceptedAtMillis);
            case ServerMessage.StrangerLocation st -> outbox.addPosition("s:" + st.id(), st.toJson(), -1);
            default -> outbox.add(message.toJson());
        }
    }

    /** Frames were queued by a thread that must not write them: a delivery worker will. */
    private void scheduleWrite() {
        if (outbox.hasWork()) {
            s.deliveries().schedule(outbox);
        }
    }

    /**
     * Server-initiated close (policy, draining): the session stops at once; the frames already queued, then the
     * closing handshake, are written by whoever writes the outbox next (the client's own thread after a message, else
     * a delivery worker). Any thread; never blocks on the socket.
     */
    void closeWith(int code, String reason) {
        lock.lock();
        try {
            if (!closed) {
                outbox.addClose(code, reason);
                leave();
            }
        } finally {
            lock.unlock();
        }
        scheduleWrite();
        s.deliveries().signal();
    }

    /** Closed by the server, with the closing handshake not yet written (waiting, or being written). */
    boolean closing() {
        return closed && outbox.unwritten();
    }

    /** The connection is gone: leave every channel, drop what waits to be written. Idempotent; any thread. */
    void release() {
        lock.lock();
        try {
            if (!closed) {
                outbox.close();
                leave();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: no more events, every channel left. */
    private void leave() {
        closed = true;
        Set<String> channels = new HashSet<>(strangers.receiveChannels());
        channels.add(Channels.control(userId));
        view.friendIds().forEach(f -> channels.add(Channels.user(f)));
        s.fanout().remove(this, channels);
    }

    /**
     * The connection went away without the WebSocket layer reporting it (see {@link Outbound#isOpen}), or this
     * session released itself (a dead peer found by the heartbeat, a failed write).
     */
    boolean connectionLost() {
        return closed || !out.isOpen();
    }

    /** The own position, for tests. */
    GeoPoint ownPosition() {
        lock.lock();
        try {
            return own == null ? null : own.point();
        } finally {
            lock.unlock();
        }
    }
}
