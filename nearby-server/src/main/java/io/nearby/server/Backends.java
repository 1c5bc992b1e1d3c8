package io.nearby.server;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nearby.credentials.Redaction;
import io.nearby.friends.DbSettings;
import io.nearby.friends.FriendGraph;
import io.nearby.friends.UserDb;
import io.nearby.friends.UserDirectory;
import io.nearby.geo.CellTiers;
import io.nearby.api.TokenVerifier;
import io.nearby.geo.LocationValidator;
import io.nearby.geo.Plausibility;
import io.nearby.history.CassandraHistoryStore;
import io.nearby.history.CassandraSettings;
import io.nearby.history.HistoryService;
import io.nearby.history.HistoryStore;
import io.nearby.history.HistoryWriter;
import io.nearby.history.JdbcHistoryStore;
import io.nearby.history.LocationHistory;
import io.nearby.server.config.NearbyConfig;
import io.nearby.server.fanout.Fanout;
import io.nearby.server.fanout.LiveFriendshipEvents;
import io.nearby.ring.pubsub.PubSubConfig;
import io.nearby.ring.pubsub.RedisWriters;
import io.nearby.server.location.CacheHealth;
import io.nearby.server.location.ClusterLocationCache;
import io.nearby.server.location.LocationCache;
import io.nearby.server.location.RedisLocationStore;
import io.nearby.server.observe.BackgroundCheck;
import io.nearby.server.observe.Health;
import io.nearby.server.observe.HealthCheck;
import io.nearby.server.protocol.ClientMessageParser;
import io.nearby.server.session.SessionMeters;
import io.nearby.server.session.DeliveryWorkers;
import io.nearby.server.session.SessionServices;
import io.nearby.server.session.SharedProfiles;

/**
 * The connections to the real servers (location cache, Pub/Sub ring, user DB, history), opened in dependency
 * order, each with its health check and meters, and closed in reverse order.
 */
final class Backends implements AutoCloseable {
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RedisLocationStore cache;
    private Fanout fanout;
    private DeliveryWorkers deliveries;
    private LiveFriendshipEvents events;
    private UserDb userDb;
    private LocationHistory history = LocationHistory.NONE;
    private HistoryStore historyStore;
    private CellTiers cellTiers;
    private HistoryWriter historyWriter;

    private Backends() {
    }

    static Backends open(NearbyConfig config, Clock clock, ExecutorService async, MeterRegistry meters, Health health) {
        Backends b = new Backends();
        try {
            DbSettings db = config.backends().db();
            b.openAll(config, db, clock, meters, health);
            b.openHistory(config, clock, meters, health, db);
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /**
     * A critical check whose round trip runs in the background every second ({@link BackgroundCheck}): readiness never
     * queues behind user traffic. Down when the dependency says so, or when a probe has not come back for 15 s (the
     * user DB pool itself gives up after 10 s).
     */
    private HealthCheck probed(String name, java.util.function.Supplier<HealthCheck.Result> probe) {
        return remember(new BackgroundCheck(name, true, probe, Duration.ofSeconds(1), Duration.ofSeconds(15)));
    }

    private void openAll(NearbyConfig config, DbSettings db, Clock clock, MeterRegistry meters, Health health) {
        // one pipelined writer per Redis server, shared by the cache and the Pub/Sub nodes; closed after both
        RedisWriters writers = remember(RedisWriters.create(PubSubConfig.defaults()));
        cache = remember(openCache(config, writers, meters));
        FunctionCounter.builder("nearby.cache.failures", cache, RedisLocationStore::writeFailures)
                .description("location cache writes and deletes that failed or were dropped").register(meters);
        FunctionCounter.builder("nearby.cache.read.failures", cache, RedisLocationStore::readFailures)
                .description("location cache reads that failed (a batch read: once per shard)").register(meters);
        health.add(probed("location-cache", () -> {
            CacheHealth h = cache.health();
            return h.up() ? HealthCheck.Result.up(h.detail()) : HealthCheck.Result.down(h.detail());
        }));

        deliveries = remember(new DeliveryWorkers());
        fanout = new Fanout(sink -> remember(new PubSubBackend(config.backends(), sink, writers, meters, health)).pubSub(),
                deliveries::signal);
        cellTiers = new CellTiers(config.rules().radius());
        events = new LiveFriendshipEvents(fanout, cache, cellTiers);
        Gauge.builder("nearby.fanout.workers", deliveries, DeliveryWorkers::workers)
                .description("virtual threads writing fan-out frames to clients").register(meters);

        userDb = remember(UserDb.open(db, events, clock));
        health.add(probed("user-db", () -> userDb.ping()
                ? HealthCheck.Result.up(Redaction.redact(db.jdbcUrl()))
                : HealthCheck.Result.down("user DB not answering")));

        Gauge.builder("nearby.fanout.channels", fanout, Fanout::channelCount).description("channels with local subscribers").register(meters);
        FunctionCounter.builder("nearby.pubsub.received", fanout, Fanout::messagesReceived).description("channel messages received").register(meters);
    }

    /**
     * The location cache: a Redis Cluster when NEARBY_REDIS_CLUSTER_NODES is set (one pipelined writer per master, from
     * the shared {@code writers}), else the one server of NEARBY_REDIS_URL.
     */
    private static RedisLocationStore openCache(NearbyConfig config, RedisWriters writers, MeterRegistry meters) {
        var backends = config.backends();
        if (!backends.cacheIsCluster()) {
            return new LocationCache(backends.redisUrl(), config.rules().inactiveAfter(), writers, backends.cacheSecurity());
        }
        ClusterLocationCache cluster = new ClusterLocationCache(backends.redisClusterNodes(), config.rules().inactiveAfter(),
                writers, backends.cacheSecurity());
        Gauge.builder("nearby.cache.shards", cluster, ClusterLocationCache::shards)
                .description("Redis Cluster masters serving the location cache's slots").register(meters);
        Gauge.builder("nearby.cache.shards.down", cluster, ClusterLocationCache::shardsDown)
                .description("location cache masters this server cannot reach now").register(meters);
        FunctionCounter.builder("nearby.cache.slot.map.changes", cluster, ClusterLocationCache::slotMapChanges)
                .description("Redis Cluster slot map changes seen (failovers, resharding)").register(meters);
        return cluster;
    }

    /**
     * History: Cassandra when contact points are configured (connected in the background: a Cassandra that is down
     * delays nothing, its points are dropped and counted until it answers), else the user DB itself (the embedded
     * default). The health check is not critical: without history the service still serves its users.
     */
    private void openHistory(NearbyConfig config, Clock clock, MeterRegistry meters, Health health, DbSettings db) {
        var backends = config.backends();
        if (!backends.cassandraContactPoints().isEmpty()) {
            CassandraSettings settings = backends.cassandra();
            historyStore = remember(CassandraHistoryStore.connectInBackground(settings, config.history().retention()));
        } else {
            historyStore = remember(JdbcHistoryStore.open(db.effectiveUrl(), db.user(), db.password(),
                    config.history().retention(), clock));
        }
        historyWriter = remember(new HistoryWriter(historyStore, config.history().writerSettings()));
        history = historyWriter;
        health.add(HealthCheck.of("history", false, () -> {
            String detail = historyStore.describe() + "; queue " + historyWriter.queued() + "/" + historyWriter.queueCapacity()
                    + ", written " + historyWriter.written() + ", dropped " + historyWriter.dropped();
            return historyStore.available() && !historyWriter.failing() ? HealthCheck.Result.up(detail) : HealthCheck.Result.down(detail);
        }));
        Gauge.builder("nearby.history.queue.size", historyWriter, HistoryWriter::queued).description("history points waiting to be written").register(meters);
        Gauge.builder("nearby.history.inflight", historyWriter, HistoryWriter::inFlight).description("history points being written").register(meters);
        FunctionCounter.builder("nearby.history.written", historyWriter, HistoryWriter::written).description("history points stored").register(meters);
        FunctionCounter.builder("nearby.history.dropped", historyWriter, HistoryWriter::droppedQueueFull).tags(Tags.of("reason", "queue_full"))
                .description("history points dropped").register(meters);
        FunctionCounter.builder("nearby.history.dropped", historyWriter, HistoryWriter::droppedStoreFailed).tags(Tags.of("reason", "store_failed"))
                .description("history points dropped").register(meters);
    }

    HistoryService historyService(NearbyConfig config, Clock clock) {
        return new HistoryService(historyStore, historyWriter, config.history().retention(), clock);
    }

    SessionServices sessionServices(NearbyConfig config, Clock clock, ExecutorService async, MeterRegistry meters,
            TokenVerifier tokens) {
        return new SessionServices(config.rules().radius(), cellTiers, config.rules().inactiveAfter(), config.rules().pageSize(),
                config.cadence(), config.ws(), new LocationValidator(clock), new Plausibility(config.rules().maxSpeedKmh()), tokens,
                new ClientMessageParser(), userDb.users(), userDb.friends(),
                cache, fanout, events, history, clock, async, deliveries, new SharedProfiles(), new SessionMeters(meters));
    }

    UserDirectory users() {
        return userDb.users();
    }

    FriendGraph friends() {
        return userDb.friends();
    }

    private <T extends AutoCloseable> T remember(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                System.getLogger(Backends.class.getName()).log(System.Logger.Level.WARNING, "while closing: " + e);
            }
        }
        opened.clear();
    }
}
