package io.nearby.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@link Bench}. Defaults finish in about five minutes on a 2-core machine. A
 * {@code --preset} is expanded by {@link Preset#expand} before parsing; options given explicitly override it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, version = "nearby loadgen 0.2.0",
        description = "Drives real WebSocket clients against a Nearby Friends server (started here unless --server-url "
                + "is given), measures updates/s, fan-out deliveries/s, end-to-end latency, server CPU and memory, and "
                + "in the same run two baselines: the raw Redis PUBLISH->SUBSCRIBE and the stack floor (a bare Helidon "
                + "WebSocket forwarder driven by the same clients); prints a Markdown report (with PNG charts) and "
                + "writes it to --out.%n%nPresets (--preset NAME; explicit options override them):%n"
                + "  default  1,000 users x 20 friends (2 near), 500 updates/s%n"
                + "  seed     1,000 users x 80 friends (40 near, 40 far), 667 updates/s%n"
                + "  sweep    the default population from 500 updates/s, x1.5 per step to failure%n"
                + "  cadence  the adaptive cadence: 1,000 users in 10 cities, fixed 30 s vs the server's cadence%n")
final class BenchOptions {
    /** The HS256 secret of a server this benchmark starts (40 characters; not a production secret). */
    static final String BENCH_SECRET = "nearby-bench-secret-0123456789-abcdefghi";

    @Option(names = "--preset", paramLabel = "NAME",
            description = "a named shape: default, seed or sweep (see above); options given explicitly override it")
    String preset;

    @Option(names = "--users", defaultValue = "1000", description = "simulated users, one WebSocket each (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--friends", defaultValue = "20", description = "friends per user (default ${DEFAULT-VALUE})")
    int friends;

    @Option(names = "--near-fraction", defaultValue = "0.1",
            description = "share of each user's friends living within the radius (default ${DEFAULT-VALUE}, the seed's 10%%)")
    double nearFraction;

    @Option(names = "--near-friends", defaultValue = "-1",
            description = "mean number of each user's friends within the radius (overrides --friends x "
                    + "--near-fraction; neighbourhoods grow to twice this, at least 20 people)")
    double nearFriends;

    @Option(names = "--period", defaultValue = "2s", converter = DurationText.class,
            description = "time between two location updates of one user (default ${DEFAULT-VALUE}; the product's is 30s)")
    Duration period;

    @Option(names = "--jitter", defaultValue = "0.2", description = "each period varies by ± this fraction (default ${DEFAULT-VALUE})")
    double jitter;

    @Option(names = "--warmup", defaultValue = "20s", converter = DurationText.class,
            description = "moving before the measured window (default ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationText.class,
            description = "measured window (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--idle-connections", defaultValue = "-1",
            description = "connections opened first, only init, to measure memory per idle connection (default: all users; 0 = skip)")
    int idleConnections;

    @Option(names = "--floor", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "measure the stack floor (a bare Helidon WebSocket forwarder, own JVM with --server-jvm-args) "
                    + "with the same clients before the server (default: on; --no-floor skips it)")
    boolean floor;

    @Option(names = "--sweep", description = "saturation sweep: offered rate from users/period up by --sweep-factor per "
            + "step, --warmup + --duration each, floor then server, until a server step fails")
    boolean sweep;

    @Option(names = "--sweep-factor", defaultValue = "1.5", description = "offered rate multiplier per step (default ${DEFAULT-VALUE})")
    double sweepFactor;

    @Option(names = "--sweep-max-steps", defaultValue = "12", description = "at most this many steps (default ${DEFAULT-VALUE})")
    int sweepMaxSteps;

    @Option(names = "--sweep-min-delivered", defaultValue = "0.999",
            description = "a step passes when at least this share of its expected deliveries arrived (default ${DEFAULT-VALUE}) ...")
    double sweepMinDelivered;

    @Option(names = "--sweep-max-p99", defaultValue = "50ms", converter = DurationText.class,
            description = "... and its end-to-end p99 is below this (default ${DEFAULT-VALUE})")
    Duration sweepMaxP99;

    @Option(names = "--charts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "write PNG charts next to the report (default: on)")
    boolean charts;

    @Option(names = "--baseline-seconds", defaultValue = "10", description = "length of each Redis baseline phase (default ${DEFAULT-VALUE})")
    int baselineSeconds;

    @Option(names = "--baseline-publishers", defaultValue = "4", description = "publisher connections of the baseline (default ${DEFAULT-VALUE})")
    int baselinePublishers;

    @Option(names = "--server-url", description = "use this running server (no server CPU/RSS from /proc; its secret via --jwt-secret)")
    URI serverUrl;

    @Option(names = "--jwt-secret", description = "HS256 secret of --server-url (default: env NEARBY_JWT_SECRET)")
    String jwtSecret;

    @Option(names = "--redis-url", description = "Redis for the baseline when --server-url is given (default: start a local redis-server)")
    URI redisUrl;

    @Option(names = "--radius-miles", defaultValue = "5", description = "the server's NEARBY_RADIUS_MILES (default ${DEFAULT-VALUE})")
    double radiusMiles;

    /** Where the started server keeps location history. */
    enum History { embedded, cassandra }

    @Option(names = "--history", defaultValue = "embedded",
            description = "history store of the started server: embedded (the H2 user DB, as ./nearby up) or cassandra "
                    + "(a real node from the test kit, JDK 17; +~0.7 GB, ~10 s) (default ${DEFAULT-VALUE})")
    History history;

    @Option(names = "--servers", defaultValue = "1",
            description = "server processes of the multi-node run (1-4; default ${DEFAULT-VALUE}): with 2 or more the run "
                    + "measures one server, then all of them, on the same world (see --pubsub-nodes, --cache)")
    int servers;

    @Option(names = "--pubsub-nodes", defaultValue = "0",
            description = "redis-servers of a Pub/Sub ring kept in a local etcd (0-8; default ${DEFAULT-VALUE}: the "
                    + "cache's Redis carries the Pub/Sub, as ./nearby up)")
    int pubsubNodes;

    /** Where the started servers keep the location cache. */
    enum Cache { single, cluster }

    @Option(names = "--cache", defaultValue = "single",
            description = "location cache of the started servers: single (one redis-server) or cluster (a local Redis "
                    + "Cluster of 3 masters + 3 replicas from the test kit) (default ${DEFAULT-VALUE})")
    Cache cache;

    @Option(names = "--server-jar", defaultValue = "nearby-server/target/nearby-server.jar", description = "default ${DEFAULT-VALUE}")
    Path serverJar;

    @Option(names = "--server-jvm-args", defaultValue = "-XX:+UseZGC -Xms256m -Xmx2g",
            description = "JVM options of the started server (default '${DEFAULT-VALUE}')")
    String serverJvmArgs;

    @Option(names = "--setup-concurrency", defaultValue = "32", description = "REST calls in flight during setup (default ${DEFAULT-VALUE})")
    int setupConcurrency;

    @Option(names = "--connect-concurrency", defaultValue = "64", description = "WebSocket handshakes in flight (default ${DEFAULT-VALUE})")
    int connectConcurrency;

    @Option(names = "--cadence-run", description = "the adaptive-cadence benchmark (--preset cadence): phones that ignore "
            + "the server's cadence, then phones that honour it, on a clustered population; updates sent and the "
            + "entered-the-radius-to-told delays")
    boolean cadenceRun;

    @Option(names = "--time-factor", defaultValue = "10",
            description = "cadence run: the world runs this many times faster than the product's (a divisor of 30; default ${DEFAULT-VALUE})")
    int timeFactor;

    @Option(names = "--cities", defaultValue = "10", description = "cadence run: cities 200 km apart (default ${DEFAULT-VALUE})")
    int cities;

    @Option(names = "--same-city-friends", defaultValue = "4",
            description = "cadence run: of --friends, how many live in the user's city (default ${DEFAULT-VALUE})")
    int sameCityFriends;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the friend graph and the walks (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "loadgen/target", description = "directory of the report bench-<timestamp>.md (default ${DEFAULT-VALUE})")
    Path out;

    /**
     * True for the multi-node run ({@link MultiNodeRun}): several servers, a Pub/Sub ring in etcd or the cache on a
     * Redis Cluster. It measures one server and then --servers servers on the same world, without the Redis baseline
     * and the stack floor (which are single-server figures: {@code ./nearby bench} without these options).
     */
    boolean multiNode() {
        return servers > 1 || pubsubNodes > 0 || cache == Cache.cluster;
    }

    /** The idle connections to open first, resolved against --users. */
    int idle() {
        return idleConnections < 0 ? users : Math.min(idleConnections, users);
    }

    List<String> serverJvmArgList() {
        return Arrays.stream(serverJvmArgs.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    double radiusMeters() {
        return radiusMiles * io.nearby.geo.Radius.METERS_PER_MILE;
    }

    /** Offered location updates per second: every user once per period. */
    double offeredPerSecond() {
        return users / (period.toNanos() / 1e9);
    }

    /** The wanted mean number of friends within the radius: --near-friends, else --friends × --near-fraction. */
    double nearTarget() {
        return nearFriends >= 0 ? nearFriends : friends * nearFraction;
    }

    /** The criteria of one sweep step. */
    Sweep.Rule sweepRule() {
        return new Sweep.Rule(sweepMinDelivered, sweepMaxP99.toNanos() / 1e6);
    }

    /** @throws IllegalArgumentException naming the first bad option */
    void validate() {
        require(users >= 2, "--users must be ≥ 2");
        require(friends >= 0 && friends < users, "--friends must be in [0, users)");
        require(nearFraction >= 0 && nearFraction <= 1, "--near-fraction must be in [0, 1]");
        require(nearFriends < 0 || nearFriends <= friends, "--near-friends must be in [0, --friends]");
        require(!period.isNegative() && period.toMillis() >= 10, "--period must be ≥ 10ms");
        require(jitter >= 0 && jitter < 1, "--jitter must be in [0, 1)");
        require(!duration.isNegative() && duration.toMillis() >= 1000, "--duration must be ≥ 1s");
        require(!warmup.isNegative(), "--warmup must be ≥ 0");
        require(baselineSeconds >= 1, "--baseline-seconds must be ≥ 1");
        require(baselinePublishers >= 1, "--baseline-publishers must be ≥ 1");
        require(radiusMiles > 0 && radiusMiles <= 500, "--radius-miles must be in (0, 500]");
        require(setupConcurrency >= 1 && connectConcurrency >= 1, "concurrencies must be ≥ 1");
        require(serverUrl == null || secret() != null, "--server-url needs --jwt-secret or NEARBY_JWT_SECRET");
        require(sweepFactor > 1 && sweepFactor <= 10, "--sweep-factor must be in (1, 10]");
        require(sweepMaxSteps >= 1 && sweepMaxSteps <= 50, "--sweep-max-steps must be in [1, 50]");
        require(sweepMinDelivered > 0 && sweepMinDelivered <= 1, "--sweep-min-delivered must be in (0, 1]");
        require(!sweepMaxP99.isNegative() && !sweepMaxP99.isZero(), "--sweep-max-p99 must be > 0");
        require(servers >= 1 && servers <= 4, "--servers must be in [1, 4]");
        require(pubsubNodes >= 0 && pubsubNodes <= 8, "--pubsub-nodes must be in [0, 8]");
        if (multiNode()) {
            require(serverUrl == null, "--servers, --pubsub-nodes and --cache cluster start their own servers: no --server-url");
            require(!sweep, "--sweep is a single-server run: not with --servers, --pubsub-nodes or --cache cluster");
            require(cache != Cache.cluster || pubsubNodes >= 1,
                    "--cache cluster needs --pubsub-nodes ≥ 1 (a cache cluster carries no Pub/Sub)");
            require(history == History.embedded, "--history cassandra is a single-server option: not with --servers, "
                    + "--pubsub-nodes or --cache cluster");
        }
        if (cadenceRun) {
            require(!multiNode() && !sweep && serverUrl == null, "--cadence-run starts its own single server: "
                    + "not with --servers, --pubsub-nodes, --cache cluster, --sweep or --server-url");
            require(timeFactor >= 1 && 30 % timeFactor == 0, "--time-factor must divide 30 (1, 2, 3, 5, 6, 10, 15, 30)");
            require(cities >= 1 && cities <= users / 2, "--cities must be in [1, users / 2]");
            require(sameCityFriends >= 0 && sameCityFriends <= friends, "--same-city-friends must be in [0, --friends]");
        }
        if (preset != null) {
            Preset.named(preset);
        }
    }

    /** The secret tokens are signed with. */
    String secret() {
        if (serverUrl == null) {
            return BENCH_SECRET;
        }
        return jwtSecret != null ? jwtSecret : System.getenv("NEARBY_JWT_SECRET");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
