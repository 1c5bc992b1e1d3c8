package io.nearby.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

import io.nearby.testkit.EtcdServer;
import io.nearby.testkit.FreePorts;
import io.nearby.testkit.PostgresServer;
import io.nearby.testkit.RedisCluster;
import io.nearby.testkit.RedisServer;
import org.HdrHistogram.Histogram;

/**
 * The multi-node benchmark ({@code ./nearby bench --servers 2 --pubsub-nodes 3 --cache cluster}): one world — a
 * Pub/Sub ring of --pubsub-nodes redis-servers kept in a local etcd, the location cache on a local Redis Cluster (3
 * masters + 3 replicas) or one redis-server, the users in a PostgreSQL database — and --servers nearby-server
 * processes on it. The same population is measured twice in one invocation: first with every user on server 0 (the
 * one-server run of the same shape), then spread over all servers by {@link Placement#crossing} (most friend pairs on
 * different servers). For each window: every server's CPU per update and per delivery, every Redis node's CPU, the
 * end-to-end latency of all deliveries and of the cross-server ones, exact accounting. No Redis baseline and no stack
 * floor (single-server figures: {@link BenchRun}).
 *
 * <p>Side effects: starts etcd, redis-servers, PostgreSQL (the test kit's) and the server JVMs, writes
 * {@code bench-<timestamp>.md} and {@code bench-<timestamp>-figures.properties} (the inputs of docs/capacity.md) under
 * --out; everything started is stopped at the end, on failure and on Ctrl-C.
 */
final class MultiNodeRun {
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration IDLE_CPU = Duration.ofSeconds(5);
    private static final Duration DRAIN_MAX = Duration.ofSeconds(5);
    private static final Duration DRAIN_STALL = Duration.ofSeconds(1);
    private static final int SOCKET_CLIENTS = 2;

    private final BenchOptions o;
    private final String command;
    private final StartedResources started = new StartedResources(this::log);
    private final long t0 = System.nanoTime();

    MultiNodeRun(BenchOptions options, String command) {
        this.o = options;
        this.command = command;
    }

    /** A Redis process the run measures: its name in the report, its role, its pid. */
    private record RedisNode(String name, String role, long pid) {
    }

    /** A started server: its process and its probe. */
    private record Server(String name, LocalServer process, ServerProbe probe) {
    }

    /** Runs both phases and writes the report and the figures; returns the report's path. */
    Path run() throws Exception {
        return started.stoppingAfter(() -> {
            MultiNodeResult result = measure();
            Files.createDirectories(o.out);
            String stem = "bench-" + RunFiles.stamp(result.startedAt());
            Path figures = o.out.resolve(stem + "-figures.properties");
            Files.writeString(figures, CapacityFigures.fromRun(result).toProperties(command, result.startedAt()));
            String md = MultiNodeReport.markdown(result, figures.getFileName().toString());
            Path file = o.out.resolve(stem + ".md");
            Files.writeString(file, md);
            System.out.println(md);
            log("figures written to " + figures.toAbsolutePath());
            log("report written to " + file.toAbsolutePath());
            return file;
        });
    }

    private MultiNodeResult measure() throws Exception {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        double[] loadBefore = ProcStats.loadAverage().orElse(null);
        MachineFacts machine = MachineFacts.current();
        Path work = RunFiles.workDir(o.out, startedAt);
        RunIds ids = RunIds.fromClock(System.currentTimeMillis());
        SocialGraph graph = SocialGraph.generateNear(o.users, o.friends, o.nearTarget(), o.radiusMeters(), o.seed);
        Placement spread = Placement.crossing(graph, o.servers);
        log("graph: " + o.users + " users, mean " + Report.fixed(graph.meanDegree(), 2) + " friends, "
                + Report.fixed(graph.meanNearDegree(), 2) + " within the radius; over " + o.servers + " servers "
                + Report.percent(spread.crossShareOfFriendPairs(graph)) + " of friend pairs and "
                + Report.percent(spread.crossShareOfDeliveries(graph)) + " of deliveries cross servers");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newCachedThreadPool(daemon("bench-http"))).build();
        List<HttpClient> sockets = new ArrayList<>();
        for (int i = 0; i < SOCKET_CLIENTS; i++) {
            sockets.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                    .executor(Runnable::run).build());
        }
        Tokens tokens = new Tokens(o.secret(), ids, o.users);

        // ---------------------------------------------------------------- the world
        List<RedisNode> redisNodes = new ArrayList<>();
        Map<String, String> env = baseEnv();
        String cacheLabel;
        int masters = 0;
        int replicas = 0;
        if (o.cache == BenchOptions.Cache.cluster) {
            RedisCluster cluster = remember(RedisCluster.start());
            env.put("NEARBY_REDIS_CLUSTER_NODES", cluster.seeds());
            List<RedisServer> masterNodes = cluster.masters();
            for (RedisServer n : cluster.nodes()) {
                boolean master = masterNodes.stream().anyMatch(m -> m.port() == n.port());
                redisNodes.add(new RedisNode("cache :" + n.port(), master ? "cache master" : "cache replica", n.pid()));
            }
            masters = masterNodes.size();
            replicas = cluster.nodes().size() - masters;
            cacheLabel = "Redis Cluster, " + masters + " masters + " + replicas + " replicas (test kit)";
            log("started a Redis Cluster for the cache: " + cluster.seeds());
        } else {
            RedisServer cache = remember(RedisServer.start());
            env.put("NEARBY_REDIS_URL", cache.url());
            redisNodes.add(new RedisNode("cache :" + cache.port(), o.pubsubNodes == 0 ? "cache + ring" : "cache", cache.pid()));
            cacheLabel = "one redis-server" + (o.pubsubNodes == 0 ? " (also the Pub/Sub node)" : "");
            log("started redis-server for the cache at " + cache.url());
        }
        boolean etcd = o.pubsubNodes > 0;
        if (etcd) {
            List<String> ring = new ArrayList<>();
            for (int i = 0; i < o.pubsubNodes; i++) {
                RedisServer node = remember(RedisServer.start());
                ring.add(node.url());
                redisNodes.add(new RedisNode("ring :" + node.port(), "ring", node.pid()));
            }
            EtcdServer etcdServer = remember(EtcdServer.start());
            env.put("NEARBY_ETCD_ENDPOINTS", etcdServer.endpoint());
            // the first server seeds the ring in etcd from this list; every server then follows etcd
            env.put("NEARBY_PUBSUB_NODES", String.join(",", ring));
            log("started a Pub/Sub ring of " + ring.size() + " redis-servers in etcd at " + etcdServer.endpoint());
        }
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        env.put("NEARBY_DB_URL", db.jdbcUrl());
        env.put("NEARBY_DB_USER", db.user());
        env.put("NEARBY_DB_PASSWORD", db.password());
        log("PostgreSQL database " + db.name() + " for users, friendships and history");

        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < o.servers; i++) {
            Map<String, String> e = new LinkedHashMap<>(env);
            e.put("NEARBY_HTTP_PORT", Integer.toString(FreePorts.next()));
            Path dir = work.resolve("server-" + i);
            Files.createDirectories(dir);
            LocalServer p = remember(LocalServer.start(o.serverJar, o.serverJvmArgList(), e, dir, http));
            servers.add(new Server("server " + i, p, new ServerProbe(http, p.url(), Optional.of(p.pid()))));
            log("started nearby-server " + i + " pid " + p.pid() + " at " + p.url() + " (log " + p.log() + ")");
        }
        List<URI> urls = servers.stream().map(s -> s.process().url()).toList();

        // ---------------------------------------------------------------- users and friendships (through server 0)
        Population population = new Population(http, urls.getFirst(), tokens, ids, o.setupConcurrency);
        long setupStart = System.nanoTime();
        population.createUsers(o.users);
        population.befriend(graph.edges(), o.seed);
        double restSeconds = (System.nanoTime() - setupStart) / 1e9;
        log("REST setup: " + Report.count(population.requests.sum()) + " requests in " + Report.fixed(restSeconds, 1) + " s");

        MultiNodeResult.World world = new MultiNodeResult.World(o.servers, etcd ? o.pubsubNodes : 1, etcd,
                cacheLabel, masters, replicas, "PostgreSQL (test kit), history in the user DB");
        MultiNodeResult.Shape shape = new MultiNodeResult.Shape(o.users, graph.meanDegree(), graph.meanNearDegree(),
                o.period, o.jitter, o.warmup, o.duration, o.radiusMiles, o.serverJvmArgs, o.preset);

        // ---------------------------------------------------------------- phase 1: everyone on server 0
        Placement single = Placement.single(o.users);
        LoadCounters counters = new LoadCounters();
        Fleet fleet = remember(new Fleet(sockets, urls, single.toArray(), false, tokens, graph, ids, counters));
        int idleCount = o.idle();
        BenchResult.IdleMemory idle = idleCount > 0 ? measureIdle(fleet, servers.getFirst().probe(), idleCount) : null;
        int connected = (idle == null ? 0 : idle.connections()) + fleet.connect(idleCount, o.users, o.connectConcurrency);
        log("one server: " + connected + " of " + o.users + " connections open and initialised");
        Thread.sleep(SETTLE.toMillis());
        double idleCores = idleCores(servers.getFirst().probe());
        log("server 0 CPU with every connection open, nobody moving: " + Report.fixed(idleCores, 3) + " cores");
        MultiNodeResult.Phase one = phase(fleet, counters, servers, single, graph, redisNodes, machine);
        fleet.close();
        logPhase(one);

        // ---------------------------------------------------------------- phase 2: spread over every server
        MultiNodeResult.Phase many = null;
        if (o.servers > 1) {
            Thread.sleep(SETTLE.toMillis());
            LoadCounters counters2 = new LoadCounters();
            Fleet fleet2 = remember(new Fleet(sockets, urls, spread.toArray(), false, tokens, graph, ids, counters2));
            int connected2 = fleet2.connect(0, o.users, o.connectConcurrency);
            log(o.servers + " servers: " + connected2 + " of " + o.users + " connections open and initialised "
                    + java.util.Arrays.toString(spread.sizes()));
            Thread.sleep(SETTLE.toMillis());
            many = phase(fleet2, counters2, servers, spread, graph, redisNodes, machine);
            fleet2.close();
            logPhase(many);
        }
        return new MultiNodeResult(command, startedAt.toString(), machine, loadBefore, ProcStats.loadAverage().orElse(null),
                shape, world, restSeconds, population.requests.sum(), idle, idleCores, one, many);
    }

    /** The environment every started server shares (the world's addresses are added by the caller). */
    private Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NEARBY_JWT_SECRET", BenchOptions.BENCH_SECRET);
        env.put("NEARBY_RADIUS_MILES", Double.toString(o.radiusMiles));
        env.put("NEARBY_INACTIVE_SECONDS", "86400");
        env.put("NEARBY_DRAIN_SECONDS", "0");
        env.put("NEARBY_WS_UPDATES_PER_SECOND", "1000");
        env.put("NEARBY_WS_UPDATE_BURST", "1000");
        env.put("NEARBY_WS_MESSAGES_PER_SECOND", "1000");
        env.put("NEARBY_WS_MESSAGE_BURST", "1000");
        env.put("NEARBY_MAX_SPEED_KMH", "0");
        // a fixed offered rate: the server-driven cadence (its own run: --preset cadence) would change it
        env.put("NEARBY_CADENCE_MAX_SECONDS", "0");
        return env;
    }

    /** Moving, warm-up, the measured window with every process sampled at both ends, the drain. */
    private MultiNodeResult.Phase phase(Fleet fleet, LoadCounters counters, List<Server> servers, Placement placement,
                                        SocialGraph graph, List<RedisNode> redisNodes, MachineFacts machine)
            throws InterruptedException {
        log("moving: every " + DurationText.format(o.period) + " ± " + Report.percent(o.jitter) + ", warm-up "
                + DurationText.format(o.warmup) + ", window " + DurationText.format(o.duration));
        fleet.startMoving(o.period, o.jitter, o.seed);
        Thread.sleep(o.warmup.toMillis());

        List<Map<String, Double>> countersBefore = servers.stream().map(s -> s.probe().counters()).toList();
        counters.startWindow();
        LoadCounters.Snapshot before = counters.snapshot();
        long start = System.nanoTime();
        List<Optional<ProcStats.ProcessSample>> serverBefore = servers.stream().map(s -> s.probe().sample()).toList();
        List<Optional<ProcStats.ProcessSample>> redisBefore = redisNodes.stream().map(r -> ProcStats.sample(r.pid())).toList();
        Optional<ProcStats.ProcessSample> generatorBefore = ProcStats.sample(ProcessHandle.current().pid());
        Optional<ProcStats.MachineSample> machineBefore = ProcStats.machine();

        Thread.sleep(o.duration.toMillis());

        Histogram lag = counters.endWindow();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Optional<ProcStats.ProcessSample>> serverAfter = servers.stream().map(s -> s.probe().sample()).toList();
        List<Optional<ProcStats.ProcessSample>> redisAfter = redisNodes.stream().map(r -> ProcStats.sample(r.pid())).toList();
        Optional<ProcStats.ProcessSample> generatorAfter = ProcStats.sample(ProcessHandle.current().pid());
        Optional<ProcStats.MachineSample> machineAfter = ProcStats.machine();
        LoadCounters.Snapshot after = counters.snapshot();
        List<Map<String, Double>> countersAfter = servers.stream().map(s -> s.probe().counters()).toList();
        fleet.stopMoving();
        drain(counters);

        int[] sizes = placement.sizes();
        List<MultiNodeResult.ServerFigures> perServer = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            Map<String, Double> b = countersBefore.get(i);
            Map<String, Double> a = countersAfter.get(i);
            perServer.add(new MultiNodeResult.ServerFigures(servers.get(i).name(), servers.get(i).process().pid(),
                    (int) Math.round(a.getOrDefault("nearby_ws_connections", (double) (i < sizes.length ? sizes[i] : 0))),
                    cores(serverBefore.get(i), serverAfter.get(i)),
                    serverBefore.get(i).isPresent() && serverAfter.get(i).isPresent()
                            ? ProcStats.jitCores(serverBefore.get(i).get(), serverAfter.get(i).get()) : Double.NaN,
                    delta(a, b, "nearby_location_updates_total"), delta(a, b, "nearby_fanout_deliveries_total"),
                    delta(a, b, "nearby_pubsub_published_total"), delta(a, b, "nearby_pubsub_received_total")));
        }
        List<MultiNodeResult.RedisFigures> redis = new ArrayList<>();
        for (int i = 0; i < redisNodes.size(); i++) {
            redis.add(new MultiNodeResult.RedisFigures(redisNodes.get(i).name(), redisNodes.get(i).role(),
                    cores(redisBefore.get(i), redisAfter.get(i))));
        }
        double busy = machineBefore.isPresent() && machineAfter.isPresent()
                ? machineAfter.get().busySince(machineBefore.get()) : Double.NaN;
        return new MultiNodeResult.Phase(placement.servers(), seconds, after.minus(before), counters.exact(),
                LatencySummary.of(counters.windowLatency()), LatencySummary.of(counters.windowCrossLatency()),
                LatencySummary.of(lag), placement.crossShareOfFriendPairs(graph), placement.crossShareOfDeliveries(graph),
                perServer, redis, cores(generatorBefore, generatorAfter), busy, machine.cpus());
    }

    private static double delta(Map<String, Double> after, Map<String, Double> before, String name) {
        Double a = after.get(name);
        Double b = before.get(name);
        return a == null || b == null ? Double.NaN : a - b;
    }

    private static double cores(Optional<ProcStats.ProcessSample> a, Optional<ProcStats.ProcessSample> b) {
        return a.isPresent() && b.isPresent() ? ProcStats.cpuCores(a.get(), b.get()) : Double.NaN;
    }

    /** Waits for the last deliveries of the window's updates: until all arrived, none arrives for a while, or a limit. */
    private static void drain(LoadCounters counters) throws InterruptedException {
        long start = System.nanoTime();
        long lastProgress = start;
        long last = -1;
        while (System.nanoTime() - start < DRAIN_MAX.toNanos()) {
            LoadCounters.Exact e = counters.exact();
            if (e.delivered() >= e.expected()) {
                return;
            }
            if (e.delivered() != last) {
                last = e.delivered();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DRAIN_STALL.toNanos()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Server 0's heap with no connection and with {@code count} idle ones (init only), each after a full GC. */
    private BenchResult.IdleMemory measureIdle(Fleet fleet, ServerProbe probe, int count) throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());
        boolean gc = probe.forceGc();
        Thread.sleep(SETTLE.toMillis());
        long rss0 = probe.sample().map(ProcStats.ProcessSample::rssKb).orElse(-1L);
        double heap0 = probe.liveHeap().orElse(probe.heapUsed().orElse(Double.NaN));
        int connected = fleet.connect(0, count, o.connectConcurrency);
        Thread.sleep(SETTLE.toMillis());
        gc &= probe.forceGc();
        Thread.sleep(SETTLE.toMillis());
        long rss1 = probe.sample().map(ProcStats.ProcessSample::rssKb).orElse(-1L);
        double heap1 = probe.liveHeap().orElse(probe.heapUsed().orElse(Double.NaN));
        log("server 0 idle memory: " + connected + " connections, heap " + Report.fixed(heap0 / 1048576, 1) + " → "
                + Report.fixed(heap1 / 1048576, 1) + " MiB");
        return new BenchResult.IdleMemory(connected, gc, rss0, rss1, heap0, heap1);
    }

    private static double idleCores(ServerProbe probe) throws InterruptedException {
        Optional<ProcStats.ProcessSample> before = probe.sample();
        Thread.sleep(IDLE_CPU.toMillis());
        Optional<ProcStats.ProcessSample> after = probe.sample();
        return cores(before, after);
    }

    private void logPhase(MultiNodeResult.Phase p) {
        log(p.servers() + " server(s): " + Report.rate(p.counts().sent() / p.seconds()) + " updates/s, "
                + Report.rate(p.counts().friendLocations() / p.seconds()) + " deliveries/s, "
                + Report.percent2(p.exact().deliveredShare()) + " of expected, p50 " + Report.ms(p.endToEnd().p50Ms())
                + " ms, p99 " + Report.ms(p.endToEnd().p99Ms()) + " ms, cross-server p50 " + Report.ms(p.crossServer().p50Ms())
                + " ms; servers " + Report.fixed(p.fleetCores(), 2) + " cores = "
                + Report.fixed(p.fleetCpuPerUpdateMicros(), 1) + " µs/update; ring " + Report.fixed(p.redisCores("ring"), 2)
                + " cores, cache " + Report.fixed(p.redisCores("cache"), 2) + " cores; machine "
                + Report.percent(p.machineBusy()) + " busy");
    }

    private <T extends AutoCloseable> T remember(T resource) {
        return started.remember(resource);
    }

    private void log(String message) {
        System.err.printf("[bench %6.1fs] %s%n", (System.nanoTime() - t0) / 1e9, message);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
