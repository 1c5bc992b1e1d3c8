package io.nearby.server.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearby.api.TokenIssuer;
import io.nearby.geo.GeoPoint;

/**
 * One running demo crowd: the walkers of a {@link DemoPlan}, each a {@link DemoClient}, driven by one virtual
 * thread that advances every walk once a second and sends each walker's position when it is due.
 *
 * <p>Start-up, as any user of the service would do it: every demo user gets a token from the server's own
 * secret, creates its profile ({@code PUT /api/users/me}), turns sharing on (strangers: discoverable too); each
 * friend and the host add each other ({@code POST /api/friends/{id}} both ways, the host's call with a token for
 * the host); then every demo user opens its WebSocket and sends {@code init}. Demo users of an earlier crowd of
 * the same host that are not in this plan (a crash, a smaller crowd) are unfriended first.
 *
 * <p>{@link #close}: the loop stops, every WebSocket is closed, every demo user turns sharing off (the host's
 * session sees {@code friend_gone sharing_off}) and each friendship is ended.
 */
final class DemoCrowd implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DemoCrowd.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOKEN_TTL = Duration.ofHours(24);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration RECONNECT_EVERY = Duration.ofSeconds(10);

    private final DemoPlan plan;
    private final Clock clock;
    private final DemoClient host;
    private final List<Member> members = new ArrayList<>();
    private Thread loop;
    private volatile boolean running;

    /** A walker with its client, its walk and when it next sends. */
    private static final class Member {
        final DemoPlan.Walker walker;
        final DemoClient client;
        final StreetWalk walk;
        final long startedAt;
        long nextSendAt;
        long nextConnectAt;

        Member(DemoPlan.Walker walker, DemoClient client, StreetWalk walk, long now) {
            this.walker = walker;
            this.client = client;
            this.walk = walk;
            this.startedAt = now;
            this.nextSendAt = now + walker.sendEvery().toMillis();
        }

        boolean quiet(long now) {
            return walker.quietAfter().map(q -> now - startedAt >= q.toMillis()).orElse(false);
        }
    }

    private DemoCrowd(DemoPlan plan, Clock clock, DemoClient host) {
        this.plan = plan;
        this.clock = clock;
        this.host = host;
    }

    /**
     * Creates the demo users, befriends them with the host, connects them and starts walking.
     *
     * @throws DemoClient.DemoException when a call fails (everything created so far is cleaned up)
     */
    static DemoCrowd start(DemoPlan plan, TokenIssuer issuer, HttpClient http, URI base, Clock clock) {
        DemoCrowd crowd = new DemoCrowd(plan, clock, new DemoClient(http, base, plan.hostId(), issuer.issue(plan.hostId(), TOKEN_TTL)));
        try {
            crowd.removeLeftovers();
            SplittableRandom random = new SplittableRandom();
            long now = clock.millis();
            for (DemoPlan.Walker w : plan.walkers()) {
                DemoClient client = new DemoClient(http, base, w.id(), issuer.issue(w.id(), TOKEN_TTL));
                crowd.members.add(new Member(w, client, w.walk(plan.centre(), random.split()), now));
                client.call("PUT", "/api/users/me", JSON.writeValueAsString(Map.of("name", w.name())));
                client.call("PUT", "/api/users/me/sharing", "{\"enabled\":true}");
                client.call("PUT", "/api/users/me/discoverable", "{\"enabled\":" + !w.friend() + "}");
                if (w.friend()) {
                    client.call("POST", "/api/friends/" + plan.hostId(), null);
                    crowd.host.call("POST", "/api/friends/" + w.id(), null);
                }
            }
            for (Member m : crowd.members) {
                m.client.connect();
                GeoPoint p = m.walk.position();
                m.client.send("init", p.lat(), p.lon(), clock.millis());
            }
        } catch (DemoClient.DemoException e) {
            crowd.close();
            throw e;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            crowd.close();
            throw new IllegalStateException(e);
        }
        crowd.running = true;
        crowd.loop = Thread.ofVirtual().name("demo-" + plan.hostId()).start(crowd::walk);
        return crowd;
    }

    DemoPlan plan() {
        return plan;
    }

    private void removeLeftovers() {
        String prefix = DemoPlan.idPrefix(plan.hostId());
        List<String> planned = plan.walkers().stream().map(DemoPlan.Walker::id).toList();
        try {
            JsonNode lists = JSON.readTree(host.call("GET", "/api/friends", null));
            List<String> ids = new ArrayList<>();
            lists.path("friends").forEach(f -> ids.add(f.path("id").asText()));
            lists.path("incoming").forEach(id -> ids.add(id.asText()));
            lists.path("outgoing").forEach(id -> ids.add(id.asText()));
            for (String id : ids) {
                if (id.startsWith(prefix) && !planned.contains(id)) {
                    host.call("DELETE", "/api/friends/" + id, null);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void walk() {
        long last = clock.millis();
        while (running) {
            try {
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                return;
            }
            long now = clock.millis();
            double seconds = (now - last) / 1000.0;
            last = now;
            for (Member m : members) {
                if (!running) {
                    return;
                }
                try {
                    step(m, now, seconds);
                } catch (DemoClient.DemoException e) {
                    LOG.log(System.Logger.Level.DEBUG, "demo: " + e.getMessage());
                }
            }
        }
    }

    private void step(Member m, long now, double seconds) {
        if (m.quiet(now)) {
            return; // the app was closed: the connection stays, the updates stop
        }
        m.walk.advance(seconds);
        if (!m.client.connected()) {
            if (now >= m.nextConnectAt) {
                m.nextConnectAt = now + RECONNECT_EVERY.toMillis();
                m.client.connect();
                m.client.send("init", m.walk.position().lat(), m.walk.position().lon(), now);
            }
            return;
        }
        if (now >= m.nextSendAt) {
            m.nextSendAt = now + m.walker.sendEvery().toMillis();
            m.client.send("location", m.walk.position().lat(), m.walk.position().lon(), now);
        }
    }

    /** Stops walking and undoes what {@link #start} created (best effort: each call may fail alone). */
    @Override
    public void close() {
        running = false;
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(TICK.multipliedBy(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Member m : members) {
            m.client.disconnect();
            quietly(() -> m.client.call("PUT", "/api/users/me/sharing", "{\"enabled\":false}"));
            if (m.walker.friend()) {
                quietly(() -> m.client.call("DELETE", "/api/friends/" + plan.hostId(), null));
            } else {
                quietly(() -> m.client.call("PUT", "/api/users/me/discoverable", "{\"enabled\":false}"));
            }
        }
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (DemoClient.DemoException e) {
            LOG.log(System.Logger.Level.DEBUG, "demo clean-up: " + e.getMessage());
        }
    }
}
