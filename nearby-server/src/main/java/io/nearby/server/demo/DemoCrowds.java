package io.nearby.server.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.nearby.api.TokenIssuer;
import io.nearby.geo.GeoPoint;
import io.nearby.server.config.DemoConfig;

/**
 * The demo crowds of one server (dev mode only), at most one per host user and {@link #MAX_CROWDS} in all. The
 * crowds talk to this server over loopback ({@code base}, known once the listener is up), through the same REST and
 * WebSocket paths as any client. {@link #close} (the server stopping) ends every crowd and its demo users'
 * friendships within a few seconds.
 */
public final class DemoCrowds implements AutoCloseable {
    /** More crowds than this at once are refused: each is a dozen connections and a thread. */
    public static final int MAX_CROWDS = 8;
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

    /** Too many crowds at once. */
    public static final class TooMany extends RuntimeException {
        TooMany() {
            super("too many demo crowds are running (at most " + MAX_CROWDS + "); stop one first");
        }
    }

    private final DemoConfig config;
    private final double radiusMeters;
    private final TokenIssuer issuer;
    private final Supplier<URI> base;
    private final Clock clock;
    private HttpClient http; // created by the first start: a client owns a selector thread
    private final Map<String, DemoCrowd> crowds = new HashMap<>();
    private boolean closed;

    /**
     * @param base the server's own {@code http://127.0.0.1:<port>}, asked for at each start
     */
    public DemoCrowds(DemoConfig config, double radiusMeters, TokenIssuer issuer, Supplier<URI> base, Clock clock) {
        this.config = config;
        this.radiusMeters = radiusMeters;
        this.issuer = issuer;
        this.base = base;
        this.clock = clock;
    }

    /** The demo users of a running crowd. */
    public record Crowd(List<String> friends, List<String> strangers) {
        static Crowd of(DemoPlan plan) {
            List<String> friends = new ArrayList<>();
            List<String> strangers = new ArrayList<>();
            plan.walkers().forEach(w -> (w.friend() ? friends : strangers).add(w.id()));
            return new Crowd(List.copyOf(friends), List.copyOf(strangers));
        }
    }

    /**
     * Starts a crowd around {@code centre} for {@code hostId}, replacing the host's running one.
     *
     * @throws TooMany                  when {@link #MAX_CROWDS} other hosts run one
     * @throws DemoClient.DemoException when a demo user's call failed (e.g. 404: the host has no profile yet)
     */
    public synchronized Crowd start(String hostId, GeoPoint centre) {
        if (closed) {
            throw new IllegalStateException("the server is stopping");
        }
        stop(hostId);
        if (crowds.size() >= MAX_CROWDS) {
            throw new TooMany();
        }
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        DemoPlan plan = DemoPlan.of(hostId, centre, radiusMeters, config.friends(), config.strangers(), new SplittableRandom());
        DemoCrowd crowd = DemoCrowd.start(plan, issuer, http, base.get(), clock);
        crowds.put(hostId, crowd);
        return Crowd.of(plan);
    }

    /** @return whether the host had a crowd */
    public synchronized boolean stop(String hostId) {
        DemoCrowd crowd = crowds.remove(hostId);
        if (crowd == null) {
            return false;
        }
        crowd.close();
        return true;
    }

    public synchronized Optional<Crowd> running(String hostId) {
        return Optional.ofNullable(crowds.get(hostId)).map(c -> Crowd.of(c.plan()));
    }

    /** Stops every crowd, in parallel, waiting at most a few seconds. */
    @Override
    public synchronized void close() {
        closed = true;
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            crowds.values().forEach(c -> stopping.submit(c::close));
            crowds.clear();
            stopping.shutdown();
            if (!stopping.awaitTermination(CLOSE_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (http != null) {
            http.close();
            http = null;
        }
    }
}
