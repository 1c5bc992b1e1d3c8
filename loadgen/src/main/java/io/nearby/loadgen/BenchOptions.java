package io.nearby.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line of {@link Bench}. Defaults finish in about three minutes on a 2-core machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, version = "nearby loadgen 0.1.0",
        description = "Drives real WebSocket clients against a Nearby Friends server (started here unless --server-url "
                + "is given), measures updates/s, fan-out deliveries/s, end-to-end latency, server CPU and memory, and "
                + "the raw Redis PUBLISH->SUBSCRIBE baseline in the same run; prints a Markdown report and writes it to "
                + "--out.%n")
final class BenchOptions {
    /** The HS256 secret of a server this benchmark starts (40 characters; not a production secret). */
    static final String BENCH_SECRET = "nearby-bench-secret-0123456789-abcdefghi";

    @Option(names = "--users", defaultValue = "1000", description = "simulated users, one WebSocket each (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--friends", defaultValue = "20", description = "friends per user (default ${DEFAULT-VALUE})")
    int friends;

    @Option(names = "--near-fraction", defaultValue = "0.1",
            description = "share of each user's friends living within the radius (default ${DEFAULT-VALUE}, the seed's 10%%)")
    double nearFraction;

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

    @Option(names = "--server-jar", defaultValue = "nearby-server/target/nearby-server.jar", description = "default ${DEFAULT-VALUE}")
    Path serverJar;

    @Option(names = "--server-jvm-args", defaultValue = "-XX:+UseZGC -Xms256m -Xmx2g",
            description = "JVM options of the started server (default '${DEFAULT-VALUE}')")
    String serverJvmArgs;

    @Option(names = "--setup-concurrency", defaultValue = "32", description = "REST calls in flight during setup (default ${DEFAULT-VALUE})")
    int setupConcurrency;

    @Option(names = "--connect-concurrency", defaultValue = "64", description = "WebSocket handshakes in flight (default ${DEFAULT-VALUE})")
    int connectConcurrency;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the friend graph and the walks (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "loadgen/target", description = "directory of the report bench-<timestamp>.md (default ${DEFAULT-VALUE})")
    Path out;

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

    /** @throws IllegalArgumentException naming the first bad option */
    void validate() {
        require(users >= 2, "--users must be ≥ 2");
        require(friends >= 0 && friends < users, "--friends must be in [0, users)");
        require(nearFraction >= 0 && nearFraction <= 1, "--near-fraction must be in [0, 1]");
        require(!period.isNegative() && period.toMillis() >= 10, "--period must be ≥ 10ms");
        require(jitter >= 0 && jitter < 1, "--jitter must be in [0, 1)");
        require(!duration.isNegative() && duration.toMillis() >= 1000, "--duration must be ≥ 1s");
        require(!warmup.isNegative(), "--warmup must be ≥ 0");
        require(baselineSeconds >= 1, "--baseline-seconds must be ≥ 1");
        require(baselinePublishers >= 1, "--baseline-publishers must be ≥ 1");
        require(radiusMiles > 0 && radiusMiles <= 500, "--radius-miles must be in (0, 500]");
        require(setupConcurrency >= 1 && connectConcurrency >= 1, "concurrencies must be ≥ 1");
        require(serverUrl == null || secret() != null, "--server-url needs --jwt-secret or NEARBY_JWT_SECRET");
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
