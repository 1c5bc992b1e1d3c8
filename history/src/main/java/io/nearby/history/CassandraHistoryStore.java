package io.nearby.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import io.nearby.credentials.Redaction;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * History in Cassandra ({@link CassandraSchema}): prepared statements, asynchronous execution, short timeouts.
 *
 * <p>Connecting never holds up the server: {@link #connectInBackground} returns at once and a daemon thread connects,
 * migrates the schema and prepares the statements, retrying with backoff (1 s doubling to 10 s) for as long as it
 * takes. Until then writes fail at once (their points are dropped and counted by the {@link HistoryWriter}) and
 * queries answer {@link Unavailable}. Once connected, the driver reconnects by itself to nodes that go down and come
 * back (every 1 s doubling to 5 s), so recovery after an outage needs nothing from here.
 *
 * <p>Consistency: inserts at LOCAL_ONE (a lost point is acceptable, a slow write is not); queries and deletes at
 * LOCAL_QUORUM. Inserts are idempotent (same key, same values), so the driver may retry them on another node.
 */
public final class CassandraHistoryStore implements HistoryStore {
    private static final System.Logger LOG = System.getLogger(CassandraHistoryStore.class.getName());
    /** Day partitions read (or deleted) concurrently by one query. */
    static final int PARALLEL_BUCKETS = 8;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration LOG_EVERY = Duration.ofSeconds(60);

    private record Connected(CqlSession session, PreparedStatement insert, PreparedStatement select,
                             PreparedStatement deleteDay) {
    }

    private final CassandraSettings settings;
    private final Retention retention;
    private final Thread connector;
    private final AtomicReference<Throwable> connectError = new AtomicReference<>();
    private volatile Connected connected;
    private volatile boolean closed;

    private CassandraHistoryStore(CassandraSettings settings, Retention retention) {
        this.settings = settings;
        this.retention = retention;
        this.connector = Thread.ofPlatform().name("history-cassandra-connect").daemon().unstarted(this::connectLoop);
    }

    /**
     * Starts connecting in the background and returns at once.
     *
     * @param retention sets the TTL of every insert
     */
    public static CassandraHistoryStore connectInBackground(CassandraSettings settings, Retention retention) {
        CassandraHistoryStore store = new CassandraHistoryStore(settings, retention);
        store.connector.start();
        return store;
    }

    /** True once connected and the schema is in place (it stays true while nodes come and go). */
    public boolean connected() {
        return connected != null;
    }

    /** Waits until {@link #connected()}, at most {@code timeout}; for tests and tools. */
    public boolean awaitConnected(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connected == null && System.nanoTime() - deadline < 0 && !closed) {
            LockSupport.parkNanos(20_000_000);
        }
        return connected != null;
    }

    /** The driver session once connected, for tests and tools (e.g. to inspect TTLs); not for the live path. */
    public CqlSession session() {
        Connected c = connected;
        if (c == null) {
            throw new Unavailable("not connected to Cassandra " + settings.describe() + " yet", connectError.get());
        }
        return c.session();
    }

    @Override
    public CompletionStage<Written> write(List<HistoryPoint> points) {
        int n = points.size();
        if (n == 0) {
            return CompletableFuture.completedFuture(Written.all(0)); // no insert would ever complete the future
        }
        Connected c = connected;
        if (c == null) {
            Throwable why = connectError.get();
            return CompletableFuture.completedFuture(Written.none(n, new Unavailable(
                    "not connected to Cassandra " + settings.describe() + " yet", why)));
        }
        CompletableFuture<Written> done = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(n);
        AtomicInteger stored = new AtomicInteger();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        int ttl = retention.ttlSeconds();
        for (HistoryPoint p : points) {
            CompletionStage<AsyncResultSet> f;
            try {
                f = c.session().executeAsync(c.insert().bind(p.userId(), DayBuckets.day(p.ts()),
                        Instant.ofEpochMilli(p.ts()), p.lat(), p.lon(), ttl));
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((rs, e) -> {
                if (e == null) {
                    stored.incrementAndGet();
                } else {
                    firstError.compareAndSet(null, unwrap(e));
                }
                if (pending.decrementAndGet() == 0) {
                    int ok = stored.get();
                    done.complete(new Written(ok, n - ok, firstError.get()));
                }
            });
        }
        return done;
    }

    /**
     * Walks the day partitions from the newest ({@code window.to()}) to the oldest, {@value #PARALLEL_BUCKETS} at a
     * time in parallel, and stops as soon as {@code limit} points are found. The caller bounds the window (the
     * retention), so at most retention-days + 3 partitions are read.
     */
    @Override
    public List<HistoryPoint> query(String userId, TimeWindow window, int limit) {
        Connected c = require();
        List<HistoryPoint> out = new ArrayList<>(Math.min(limit, 1024));
        Instant from = Instant.ofEpochMilli(window.from());
        Instant to = Instant.ofEpochMilli(window.to());
        int oldest = DayBuckets.day(window.from());
        for (int newest = DayBuckets.day(window.to()); newest >= oldest && out.size() < limit; newest -= PARALLEL_BUCKETS) {
            int remaining = limit - out.size();
            List<CompletionStage<AsyncResultSet>> pages = new ArrayList<>();
            for (int day = newest; day > newest - PARALLEL_BUCKETS && day >= oldest; day--) {
                pages.add(c.session().executeAsync(c.select().bind(userId, day, from, to, remaining)));
            }
            for (CompletionStage<AsyncResultSet> page : pages) {
                AsyncResultSet rs = await(page, "query");
                while (out.size() < limit) {
                    for (Row row : rs.currentPage()) {
                        if (out.size() == limit) {
                            break;
                        }
                        out.add(new HistoryPoint(userId, row.getDouble(1), row.getDouble(2), row.getInstant(0).toEpochMilli()));
                    }
                    if (!rs.hasMorePages() || out.size() == limit) {
                        break;
                    }
                    rs = await(rs.fetchNextPage(), "query");
                }
            }
        }
        return out;
    }

    /** Deletes the user's partition of every day of {@code window}, in parallel, and waits for all. */
    @Override
    public void deleteAll(String userId, TimeWindow window) {
        Connected c = require();
        int oldest = DayBuckets.day(window.from());
        for (int newest = DayBuckets.day(window.to()); newest >= oldest; newest -= PARALLEL_BUCKETS * 4) {
            List<CompletionStage<AsyncResultSet>> deletes = new ArrayList<>();
            for (int day = newest; day > newest - PARALLEL_BUCKETS * 4 && day >= oldest; day--) {
                deletes.add(c.session().executeAsync(c.deleteDay().bind(userId, day)));
            }
            deletes.forEach(d -> await(d, "delete"));
        }
    }

    @Override
    public boolean available() {
        Connected c = connected;
        return c != null && c.session().getMetadata().getNodes().values().stream()
                .anyMatch(node -> node.getState() == NodeState.UP);
    }

    @Override
    public String describe() {
        Connected c = connected;
        String state = c == null ? "connecting" + connectionError().map(why -> ": " + why).orElse("")
                : available() ? "connected" : "no node up";
        return "cassandra " + settings.describe() + " (" + state + ")";
    }

    /** Why the last connection attempt failed (e.g. bad credentials, a refused certificate), redacted; empty once connected. */
    public Optional<String> connectionError() {
        Throwable why = connectError.get();
        return why == null ? Optional.empty()
                : Optional.of(Redaction.redact(why.getClass().getSimpleName() + ": " + why.getMessage()));
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        connector.interrupt();
        try {
            connector.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connected c;
        synchronized (this) {
            c = connected;
            connected = null;
        }
        if (c != null) {
            c.session().close();
        }
    }

    private Connected require() {
        Connected c = connected;
        if (c == null) {
            throw new Unavailable("history store not connected yet (cassandra " + settings.describe() + ")",
                    connectError.get());
        }
        return c;
    }

    private static AsyncResultSet await(CompletionStage<AsyncResultSet> stage, String what) {
        try {
            // the driver's request timeout ends every request; this bound only guards against a lost callback
            return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("history " + what + " interrupted", e);
        } catch (Exception e) {
            Throwable cause = unwrap(e);
            throw new Unavailable("history " + what + " failed: " + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage(), cause);
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private void connectLoop() {
        Duration backoff = Duration.ofSeconds(1);
        long attempts = 0;
        long lastLog = 0;
        while (!closed) {
            attempts++;
            CqlSession session = null;
            try {
                session = newSession();
                List<Integer> applied = CassandraSchema.migrate(session, settings.keyspace(), settings.replication());
                Connected c = prepare(session);
                synchronized (this) {
                    if (closed) {
                        session.close();
                        return;
                    }
                    connected = c;
                }
                connectError.set(null);
                LOG.log(Level.INFO, "history store connected: cassandra " + settings.describe() + ", dc "
                        + settings.localDc() + ", TTL " + retention.ttl() + (applied.isEmpty() ? ", schema current"
                        : ", schema migrations applied " + applied) + " (attempt " + attempts + ")");
                return;
            } catch (RuntimeException e) {
                if (session != null) {
                    session.closeAsync();
                }
                connectError.set(e);
                long now = System.nanoTime();
                if (attempts == 1 || now - lastLog > LOG_EVERY.toNanos()) {
                    LOG.log(Level.WARNING, "history store: cannot connect to cassandra " + settings.describe()
                            + " (attempt " + attempts + ", retrying every " + MAX_BACKOFF.toSeconds() + " s at most;"
                            + " history points are dropped meanwhile): " + e.getClass().getSimpleName() + ": "
                            + Redaction.redact(e.getMessage()));
                    lastLog = now;
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return; // close()
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private CqlSession newSession() {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withString(DefaultDriverOption.SESSION_NAME, "history")
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, settings.requestTimeout())
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, DefaultConsistencyLevel.LOCAL_QUORUM.name())
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(2))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(2))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(2))
                .withString(DefaultDriverOption.RECONNECTION_POLICY_CLASS, "ExponentialReconnectionPolicy")
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofSeconds(1))
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(5))
                // a node that is down is reported by the writer's drop warning (once per interval) and the health
                // check, not by one driver warning per reconnection attempt
                .withBoolean(DefaultDriverOption.CONNECTION_WARN_INIT_ERROR, false)
                // close in well under a second (the default waits 2 s of quiet per event loop group)
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        List<InetSocketAddress> resolved = settings.contactPoints().stream()
                .map(a -> new InetSocketAddress(a.getHostString(), a.getPort()))
                .toList();
        CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoints(resolved)
                .withLocalDatacenter(settings.localDc())
                .withConfigLoader(config);
        CassandraAccess access = settings.access();
        if (access.user().isPresent()) {
            builder.withAuthCredentials(access.user().get(), access.password().orElseThrow());
        }
        if (access.tls()) {
            // host names (node addresses) are checked against the nodes' certificates
            builder.withSslEngineFactory(new ProgrammaticSslEngineFactory(access.trust().context(), null, true));
        }
        return builder.build();
    }

    private Connected prepare(CqlSession session) {
        String table = settings.keyspace() + "." + CassandraSchema.TABLE;
        PreparedStatement insert = session.prepare(SimpleStatement.builder(
                        "INSERT INTO " + table + " (user_id, day, ts, lat, lon) VALUES (?, ?, ?, ?, ?) USING TTL ?")
                .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_ONE)
                .setIdempotence(true)
                .build());
        PreparedStatement select = session.prepare(SimpleStatement.builder(
                        "SELECT ts, lat, lon FROM " + table + " WHERE user_id = ? AND day = ? AND ts >= ? AND ts <= ? LIMIT ?")
                .setIdempotence(true)
                .build());
        PreparedStatement deleteDay = session.prepare(SimpleStatement.builder(
                        "DELETE FROM " + table + " WHERE user_id = ? AND day = ?")
                .setIdempotence(true)
                .build());
        return new Connected(session, insert, select, deleteDay);
    }
}
