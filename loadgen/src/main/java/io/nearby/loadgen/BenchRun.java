package io.nearby.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

import io.nearby.testkit.CassandraServer;
import io.nearby.testkit.FreePorts;
import io.nearby.testkit.RedisServer;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;

/**
 * One benchmark run, in order: machine facts; a local redis-server (unless pointed elsewhere); the Redis baseline;
 * the stack floor (unless {@code --no-floor}: its own JVM with the server's flags, memory with 0 and K idle
 * connections, every user connected and moving, warm-up, its measured window; then it is stopped, except in a sweep);
 * the server as its own process (unless {@code --server-url}); users and friendships through REST; memory with 0 and
 * K idle connections; every user connected and moving; warm-up; the measured window (in a sweep: one step per
 * offered rate, the floor's window then the server's, until a server step fails); the charts; the report.
 * Everything it started is stopped at the end, on failure and on Ctrl-C (shutdown hook).
 */
final class BenchRun {
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration IDLE_CPU = Duration.ofSeconds(5);
    /** After a window: at most this long for its updates' last deliveries ... */
    private static final Duration DRAIN_MAX = Duration.ofSeconds(5);
    /** ... and at most this long without any new one. */
    private static final Duration DRAIN_STALL = Duration.ofSeconds(1);
    /** HttpClients (selector threads) the WebSockets are spread over. */
    private static final int SOCKET_CLIENTS = 2;

    private final BenchOptions o;
    private final String command;
    private final StartedResources started = new StartedResources(this::log);
    private final long t0 = System.nanoTime();

    BenchRun(BenchOptions options, String command) {
        this.o = options;
        this.command = command;
    }

    /** Runs the benchmark and writes the report (and its charts); returns the report's path. */
    Path run() throws Exception {
        return started.stoppingAfter(() -> {
            BenchResult result = measure();
            Files.createDirectories(o.out);
            String stem = "bench-" + RunFiles.stamp(result.startedAt());
            List<Charts.Written> charts = List.of();
            if (o.charts) {
                try {
                    charts = Charts.write(result, o.out, stem);
                } catch (RuntimeException | java.io.IOException | LinkageError e) {
                    log("charts not written: " + e);
                }
            }
            String md = Report.markdown(result, charts);
            Path file = o.out.resolve(stem + ".md");
            Files.writeString(file, md);
            System.out.println(md);
            for (Charts.Written c : charts) {
                log("chart written to " + o.out.resolve(c.file()).toAbsolutePath());
            }
            log("report written to " + file.toAbsolutePath());
            return file;
        });
    }

    private BenchResult measure() throws Exception {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        double[] loadBefore = ProcStats.loadAverage().orElse(null);
        MachineFacts machine = MachineFacts.current();
        Path work = RunFiles.workDir(o.out, startedAt);
        RunIds ids = RunIds.fromClock(System.currentTimeMillis());
        SocialGraph graph = SocialGraph.generateNear(o.users, o.friends, o.nearTarget(), o.radiusMeters(), o.seed);
        log("graph: " + o.users + " users, mean " + Report.fixed(graph.meanDegree(), 2) + " friends, "
                + Report.fixed(graph.meanNearDegree(), 2) + " of them within the radius (" + Report.percent(graph.nearFraction())
                + "), neighbourhoods of " + SocialGraph.hoodSize(o.nearTarget()) + "; ids " + ids.prefix() + "N"
                + (o.preset == null ? "" : "; preset " + o.preset));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newCachedThreadPool(daemon("bench-http"))).build();
        List<HttpClient> sockets = socketClients();
        Tokens tokens = new Tokens(o.secret(), ids, o.users);

        // ---------------------------------------------------------------- Redis and the baseline
        URI redisUrl;
        if (o.serverUrl != null && o.redisUrl != null) {
            redisUrl = o.redisUrl;
        } else {
            RedisServer redis = remember(RedisServer.start());
            redisUrl = URI.create(redis.url());
            log("started redis-server at " + redisUrl);
        }
        Optional<Long> redisPid = localRedisPid(redisUrl);
        BenchResult.Baseline baseline = baseline(redisUrl, redisPid);

        // ---------------------------------------------------------------- the stack floor
        FloorRig floor = o.floor ? startFloor(graph, work, http, sockets, tokens, ids) : null;
        BenchResult.Phase floorPhase = null;
        if (floor != null && !o.sweep) {
            log("floor: moving every " + DurationText.format(o.period) + " ± " + Report.percent(o.jitter) + ", warm-up "
                    + DurationText.format(o.warmup) + ", window " + DurationText.format(o.duration));
            floorPhase = step(floor.fleet, floor.counters, floor.probe, Optional.empty(), o.period, false).phase();
            logPhase("floor", floorPhase);
            floor.close();
        }

        // ---------------------------------------------------------------- the server
        Target target = o.serverUrl != null
                ? new Target(o.serverUrl, Optional.empty(), "existing server at " + o.serverUrl)
                : startServer(redisUrl, work, http);
        URI serverUrl = target.url();
        ServerProbe probe = new ServerProbe(http, serverUrl, target.pid());

        // ---------------------------------------------------------------- users and friendships
        Population population = new Population(http, serverUrl, tokens, ids, o.setupConcurrency);
        long setupStart = System.nanoTime();
        population.createUsers(o.users);
        log("profiles + sharing created for " + o.users + " users");
        population.befriend(graph.edges(), o.seed);
        double restSeconds = (System.nanoTime() - setupStart) / 1e9;
        log("friendships: " + graph.edges().size() + " in " + Report.fixed(restSeconds, 1) + " s of setup ("
                + Report.count(population.requests.sum()) + " requests, " + Report.count(population.retries.sum()) + " retried)");

        // ---------------------------------------------------------------- idle connections, then everyone
        LoadCounters counters = new LoadCounters();
        Fleet fleet = remember(new Fleet(sockets, serverUrl, false, tokens, graph, ids, counters));
        int idleCount = o.idle();
        BenchResult.IdleMemory idle = idleCount > 0 ? measureIdle("server", fleet, probe, idleCount) : null;
        int connected = (idle == null ? 0 : idle.connections()) + fleet.connect(idleCount, o.users, o.connectConcurrency);
        double connectSeconds = fleet.connectSeconds();
        log(connected + " of " + o.users + " connections open and initialised in " + Report.fixed(connectSeconds, 1) + " s");
        if (connected == 0) {
            throw new IllegalStateException("no WebSocket could be opened; errors: " + counters.snapshot().errors());
        }
        Thread.sleep(SETTLE.toMillis());
        double idleCores = idleServerCores(probe);
        log("server CPU with every connection open, nobody moving: " + Report.fixed(idleCores, 3) + " cores");

        // ---------------------------------------------------------------- moving: one window, or the sweep
        BenchResult.Phase serverPhase;
        BenchResult.SweepResult sweep = null;
        if (!o.sweep) {
            log("moving: every " + DurationText.format(o.period) + " ± " + Report.percent(o.jitter) + ", warm-up "
                    + DurationText.format(o.warmup) + ", window " + DurationText.format(o.duration));
            serverPhase = step(fleet, counters, probe, redisPid, o.period, false).phase();
        } else {
            sweep = sweep(floor, fleet, counters, probe, redisPid);
            BenchResult.SweepStep first = sweep.steps().getFirst();
            serverPhase = first.server();
            floorPhase = first.floor();
            if (floor != null) {
                floor.close();
            }
        }
        BenchResult.LoadWindow load = serverPhase.load();
        BenchResult.Resources resources = serverPhase.resources().withIdle(idleCores);
        Thread.sleep(1000);
        load = load.withWholeRun(counters.snapshot());
        fleet.close();
        logPhase("server", serverPhase);

        BenchResult.Workload workload = new BenchResult.Workload(o.users, o.friends, graph.meanDegree(),
                o.nearTarget() / Math.max(1, o.friends), graph.nearFraction(), graph.meanNearDegree(), o.period, o.jitter,
                o.warmup, o.duration, o.radiusMiles, target.label(), o.serverUrl == null ? o.serverJvmArgs : "",
                o.preset, o.nearTarget(), SocialGraph.hoodSize(o.nearTarget()));
        BenchResult.Setup setup = new BenchResult.Setup(restSeconds, population.requests.sum(), population.retries.sum(),
                connected, o.users - connected, connectSeconds);
        BenchResult.Floor floorResult = floor == null || floorPhase == null ? null
                : new BenchResult.Floor(floor.label, floor.planMeanTargets, floor.connected, floor.connectSeconds, floor.idle,
                        floorPhase.load().withWholeRun(floor.counters.snapshot()), floorPhase.resources());
        return new BenchResult(command, startedAt.toString(), machine, loadBefore, ProcStats.loadAverage().orElse(null),
                workload, setup, idle, load, resources, baseline, floorResult, sweep);
    }

    /**
     * The HttpClients of the simulated users' WebSockets (the REST setup and the probes use another one). Each runs
     * its sockets' events on its own selector thread (a direct executor): the JDK's default hands every received
     * message to an executor thread, and those wake-ups cost the generator ~40% more CPU per received frame on the
     * 2 cores it shares with the target. Two clients, so the receive work is spread over two threads.
     */
    private static List<HttpClient> socketClients() {
        List<HttpClient> clients = new java.util.ArrayList<>();
        for (int i = 0; i < SOCKET_CLIENTS; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                    .executor(Runnable::run).build());
        }
        return List.copyOf(clients);
    }

    /** The stack floor while it runs: its process, its probe, its own clients. */
    private final class FloorRig implements AutoCloseable {
        final LocalServer process;
        final ServerProbe probe;
        final LoadCounters counters = new LoadCounters();
        final Fleet fleet;
        final String label;
        final double planMeanTargets;
        BenchResult.IdleMemory idle;
        int connected;
        double connectSeconds;

        FloorRig(LocalServer process, HttpClient http, List<HttpClient> sockets, Tokens tokens, SocialGraph graph, RunIds ids,
                 double planMeanTargets) {
            this.process = process;
            this.probe = new ServerProbe(http, process.url(), Optional.of(process.pid()), ServerProbe.FLOOR_COUNTERS);
            this.fleet = remember(new Fleet(sockets, process.url(), true, tokens, graph, ids, counters));
            this.planMeanTargets = planMeanTargets;
            this.label = "started here: `java " + o.serverJvmArgs + " -cp loadgen.jar:libs/* " + LocalServer.FLOOR_MAIN
                    + "`, pid " + process.pid();
        }

        @Override
        public void close() {
            fleet.close();
            process.close();
        }
    }

    /** Starts the floor process, measures its memory per idle connection, connects every user to it. */
    private FloorRig startFloor(SocialGraph graph, Path work, HttpClient http, List<HttpClient> sockets, Tokens tokens,
                                RunIds ids) throws InterruptedException {
        io.nearby.loadgen.floor.ForwardingPlan plan = graph.forwardingPlan();
        Path planFile = work.resolve("floor-plan.txt");
        plan.write(planFile);
        LocalServer process = remember(LocalServer.startFloor(o.serverJvmArgList(), FreePorts.next(), planFile, work, http));
        log("started the stack floor pid " + process.pid() + " at " + process.url() + " (log " + process.log()
                + "), " + Report.fixed(plan.meanTargets(), 2) + " targets per frame");
        FloorRig rig = new FloorRig(process, http, sockets, tokens, graph, ids, plan.meanTargets());
        int idleCount = o.idle();
        rig.idle = idleCount > 0 ? measureIdle("floor", rig.fleet, rig.probe, idleCount) : null;
        rig.connected = (rig.idle == null ? 0 : rig.idle.connections()) + rig.fleet.connect(idleCount, o.users, o.connectConcurrency);
        rig.connectSeconds = rig.fleet.connectSeconds();
        log("floor: " + rig.connected + " of " + o.users + " connections open in " + Report.fixed(rig.connectSeconds, 1) + " s");
        if (rig.connected == 0) {
            throw new IllegalStateException("no WebSocket to the floor could be opened; errors: " + rig.counters.snapshot().errors());
        }
        Thread.sleep(SETTLE.toMillis());
        return rig;
    }

    /**
     * The sweep: from the offered rate of --users/--period up by --sweep-factor per step; at each rate the floor's
     * window (until the floor fails a step) and then the server's; stops after the first failing server step.
     */
    private BenchResult.SweepResult sweep(FloorRig floor, Fleet fleet, LoadCounters counters, ServerProbe probe,
                                          Optional<Long> redisPid) throws InterruptedException {
        Sweep.Rule rule = o.sweepRule();
        java.util.List<BenchResult.SweepStep> steps = new java.util.ArrayList<>();
        boolean floorOn = floor != null;
        String stop = "all " + o.sweepMaxSteps + " planned steps passed (--sweep-max-steps)";
        for (int i = 0; i < o.sweepMaxSteps; i++) {
            double rate = Sweep.rate(o.offeredPerSecond(), o.sweepFactor, i);
            Duration period = Sweep.period(o.users, rate);
            if (period.toMillis() < 1) {
                stop = "the next step's period would be under 1 ms";
                break;
            }
            log("sweep step " + (i + 1) + ": " + Report.rate(rate) + " updates/s offered (period " + DurationText.format(period) + ")");
            BenchResult.Phase floorStep = null;
            Sweep.Verdict floorVerdict = null;
            if (floorOn) {
                Stepped f = step(floor.fleet, floor.counters, floor.probe, Optional.empty(), period, true);
                floorStep = f.phase();
                floorVerdict = f.verdict(rule, rate);
                logPhase("  floor", floorStep);
                if (!floorVerdict.passed()) {
                    log("  floor failed at " + Report.rate(rate) + " updates/s: " + floorVerdict.reason() + "; no more floor steps");
                    floorOn = false;
                }
            }
            Stepped sv = step(fleet, counters, probe, redisPid, period, true);
            BenchResult.Phase serverStep = sv.phase();
            Sweep.Verdict verdict = sv.verdict(rule, rate);
            logPhase("  server", serverStep);
            steps.add(new BenchResult.SweepStep(i, rate, period, serverStep, verdict, floorStep, floorVerdict));
            if (!verdict.passed()) {
                stop = "step " + (i + 1) + " (" + Report.rate(rate) + " updates/s) failed: " + verdict.reason();
                log("  server failed: " + verdict.reason());
                break;
            }
            if (!Sweep.continueAfter(i, o.sweepMaxSteps, verdict)) {
                break;
            }
        }
        log("sweep: " + stop);
        return new BenchResult.SweepResult(rule, o.sweepFactor, steps, stop);
    }

    /**
     * One measured step of one target: moving at {@code period}, --warmup, then a window of --duration (cut short
     * when {@code abortable} and {@link Sweep#hopeless}), then the drain of the window's deliveries.
     */
    private Stepped step(Fleet fleet, LoadCounters counters, ServerProbe probe, Optional<Long> redisPid,
                         Duration period, boolean abortable) throws InterruptedException {
        fleet.startMoving(period, o.jitter, o.seed);
        Thread.sleep(o.warmup.toMillis());
        Window window = Window.open(counters, probe, redisPid);
        long start = System.nanoTime();
        long end = start + o.duration.toNanos();
        boolean cutShort = false;
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Thread.sleep(Math.min(1000, Math.max(1, left / 1_000_000)));
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (abortable && System.nanoTime() < end && Sweep.hopeless(elapsed, counters.exact())) {
                log("  cut short after " + Report.fixed(elapsed, 1) + " s: " + Report.percent2(counters.exact().deliveredShare())
                        + " of expected deliveries so far");
                cutShort = true;
                break;
            }
        }
        Window.Closed closed = window.close(counters, probe, redisPid);
        fleet.stopMoving();
        drain(counters);
        return new Stepped(closed.withLatency(counters.windowLatency(), counters.exact()), cutShort);
    }

    /** A step's phase, and whether {@link Sweep#hopeless} cut its window short. */
    private record Stepped(BenchResult.Phase phase, boolean cutShort) {
        Sweep.Verdict verdict(Sweep.Rule rule, double offeredPerSecond) {
            return cutShort ? Sweep.Verdict.aborted(phase.load().seconds(), phase.load().exact())
                    : rule.judge(offeredPerSecond, phase.load());
        }
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

    private void logPhase(String what, BenchResult.Phase p) {
        BenchResult.LoadWindow l = p.load();
        log(what + ": " + Report.rate(l.sentPerSecond()) + " updates/s, " + Report.rate(l.deliveriesPerSecond())
                + " deliveries/s, " + Report.percent2(l.exact().deliveredShare()) + " of expected, p50 "
                + Report.ms(l.endToEnd().p50Ms()) + " ms, p99 " + Report.ms(l.endToEnd().p99Ms()) + " ms, CPU "
                + Report.fixed(p.resources().serverCores(), 2) + " cores = " + Report.fixed(p.cpuPerUpdateMicros(), 1)
                + " µs/update, " + Report.fixed(p.cpuPerDeliveryMicros(), 1) + " µs/delivery; generator "
                + Report.fixed(p.resources().generatorCores(), 2) + " cores, machine " + Report.percent(p.resources().machineBusy()) + " busy");
    }

    private BenchResult.Baseline baseline(URI redisUrl, Optional<Long> redisPid) throws InterruptedException {
        int channels = o.users;
        log("Redis baseline: " + (2 * channels) + " channels, " + o.baselinePublishers + " publishers, "
                + o.baselineSeconds + " s at max rate, then " + o.baselineSeconds + " s paced at "
                + Report.rate(o.offeredPerSecond()) + "/s");
        try (RedisBaseline b = new RedisBaseline(redisUrl, channels, o.baselinePublishers, redisPid)) {
            BaselinePhase max = b.maxRate(Duration.ofSeconds(o.baselineSeconds));
            log("baseline max rate: " + Report.rate(max.deliveredPerSecond()) + " deliveries/s, p50 "
                    + Report.ms(max.latency().p50Ms()) + " ms");
            BaselinePhase paced = b.paced(Duration.ofSeconds(o.baselineSeconds), o.offeredPerSecond());
            log("baseline paced: " + Report.rate(paced.deliveredPerSecond()) + " deliveries/s, p50 "
                    + Report.ms(paced.latency().p50Ms()) + " ms, p99 " + Report.ms(paced.latency().p99Ms()) + " ms");
            return new BenchResult.Baseline(b.channels(), b.publishers(), max, paced);
        }
    }

    /** Where the benchmark's clients connect, and the server's pid when it runs on this machine under our control. */
    private record Target(URI url, Optional<Long> pid, String label) {
    }

    /** The server as its own JVM, on a free port, with the benchmark's secret and limits; also Cassandra if asked. */
    private Target startServer(URI redisUrl, Path work, HttpClient http) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NEARBY_HTTP_PORT", Integer.toString(FreePorts.next()));
        env.put("NEARBY_JWT_SECRET", BenchOptions.BENCH_SECRET);
        env.put("NEARBY_REDIS_URL", redisUrl.toString());
        env.put("NEARBY_DB_URL", "jdbc:h2:file:" + work.resolve("db/nearby"));
        env.put("NEARBY_RADIUS_MILES", Double.toString(o.radiusMiles));
        env.put("NEARBY_INACTIVE_SECONDS", "86400");
        env.put("NEARBY_DRAIN_SECONDS", "0");
        // the generator may send faster than the product's 2 updates/s per connection
        env.put("NEARBY_WS_UPDATES_PER_SECOND", "1000");
        env.put("NEARBY_WS_UPDATE_BURST", "1000");
        env.put("NEARBY_WS_MESSAGES_PER_SECOND", "1000");
        env.put("NEARBY_WS_MESSAGE_BURST", "1000");
        // a short --period makes the simulated walkers faster than any plausible human (the check stays in the path)
        env.put("NEARBY_MAX_SPEED_KMH", "0");
        // a fixed offered rate: the server-driven cadence (its own run: --preset cadence) would change it
        env.put("NEARBY_CADENCE_MAX_SECONDS", "0");
        Path db = work.resolve("db");
        remember(() -> deleteTree(db)); // runs after the server has stopped (newest first)
        String history = "H2 user DB + history";
        if (o.history == BenchOptions.History.cassandra) {
            if (System.getProperty("nearby.testkit.cassandraLib") == null) {
                System.setProperty("nearby.testkit.cassandraLib", Path.of("testkit/cassandra-dist/target/lib").toAbsolutePath().toString());
            }
            CassandraServer cassandra = remember(CassandraServer.start());
            env.put("NEARBY_CASSANDRA_CONTACT_POINTS", cassandra.contactPoint());
            env.put("NEARBY_CASSANDRA_DC", cassandra.localDatacenter());
            env.put("NEARBY_CASSANDRA_KEYSPACE", cassandra.newKeyspaceName());
            history = "H2 user DB, history in Cassandra (" + cassandra.contactPoint() + ")";
            log("started Cassandra at " + cassandra.contactPoint());
        }
        LocalServer server = remember(LocalServer.start(o.serverJar, o.serverJvmArgList(), env, work, http));
        log("started nearby-server pid " + server.pid() + " at " + server.url() + " (log " + server.log() + ")");
        return new Target(server.url(), Optional.of(server.pid()), "started here: `java -jar " + o.serverJar + "`, pid "
                + server.pid() + ", " + history + ", one redis-server");
    }

    /**
     * Server memory with no connections, then with the first {@code count} users connected (init sent, page 0
     * received, nothing else), each after a settle time and a forced GC.
     */
    private BenchResult.IdleMemory measureIdle(String what, Fleet fleet, ServerProbe probe, int count) throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());
        boolean gc = probe.forceGc();
        Thread.sleep(SETTLE.toMillis());
        long rss0 = probe.sample().map(ProcStats.ProcessSample::rssKb).orElse(-1L);
        double heap0 = probe.liveHeap().orElse(probe.heapUsed().orElse(Double.NaN));
        int connected = fleet.connect(0, count, o.connectConcurrency);
        log(what + ": " + connected + " idle connections open (init sent, page 0 received)");
        Thread.sleep(SETTLE.toMillis());
        gc &= probe.forceGc();
        Thread.sleep(SETTLE.toMillis());
        long rss1 = probe.sample().map(ProcStats.ProcessSample::rssKb).orElse(-1L);
        double heap1 = probe.liveHeap().orElse(probe.heapUsed().orElse(Double.NaN));
        log(what + " idle memory: RSS " + rss0 + " → " + rss1 + " kB, heap " + Report.fixed(heap0 / 1048576, 1) + " → "
                + Report.fixed(heap1 / 1048576, 1) + " MiB" + (gc ? " (after GC.run)" : " (no forced GC)"));
        return new BenchResult.IdleMemory(connected, gc, rss0, rss1, heap0, heap1);
    }

    /** Server CPU in cores over a few quiet seconds: its fixed cost (ticks, timers, GC) without updates. */
    private static double idleServerCores(ServerProbe probe) throws InterruptedException {
        Optional<ProcStats.ProcessSample> before = probe.sample();
        Map<String, Double> metricsBefore = before.isPresent() ? Map.of() : probe.counters();
        long start = System.nanoTime();
        Thread.sleep(IDLE_CPU.toMillis());
        Optional<ProcStats.ProcessSample> after = probe.sample();
        if (before.isPresent() && after.isPresent()) {
            return ProcStats.cpuCores(before.get(), after.get());
        }
        Double a = probe.counters().get("process_cpu_time_ns_total");
        Double b = metricsBefore.get("process_cpu_time_ns_total");
        return a == null || b == null ? Double.NaN : (a - b) / 1e9 / ((System.nanoTime() - start) / 1e9);
    }

    /** The pid of a Redis on this machine ({@code INFO server}), for its CPU; empty when remote or unknown. */
    private static Optional<Long> localRedisPid(URI redis) {
        String host = redis.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            return Optional.empty();
        }
        try (Jedis jedis = new Jedis(redis)) {
            long pid = ProcStats.statusValue(jedis.info("server"), "process_id");
            return Files.isDirectory(Path.of("/proc", Long.toString(pid))) ? Optional.of(pid) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The H2 files of a started server: gone with the run (its log stays). */
    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
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

    /**
     * The measured window: samples at its start; {@link #close} takes those at its end and computes the generator's,
     * the target's (server or floor) and the machine's figures between them.
     */
    private static final class Window {
        private final long startNanos = System.nanoTime();
        private final LoadCounters.Snapshot counts;
        private final Map<String, Double> serverCounters;
        private final Optional<ProcStats.ProcessSample> server;
        private final Optional<ProcStats.ProcessSample> redis;
        private final Optional<ProcStats.ProcessSample> generator = ProcStats.sample(ProcessHandle.current().pid());
        private final Optional<ProcStats.MachineSample> machine = ProcStats.machine();

        private Window(LoadCounters counters, ServerProbe probe, Optional<Long> redisPid) {
            serverCounters = probe.counters();
            counters.startWindow();
            counts = counters.snapshot();
            server = probe.sample();
            redis = redisPid.flatMap(ProcStats::sample);
        }

        static Window open(LoadCounters counters, ServerProbe probe, Optional<Long> redisPid) {
            return new Window(counters, probe, redisPid);
        }

        Closed close(LoadCounters counters, ServerProbe probe, Optional<Long> redisPid) {
            Histogram lag = counters.endWindow();
            LoadCounters.Snapshot after = counters.snapshot();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Optional<ProcStats.ProcessSample> serverAfter = probe.sample();
            Optional<ProcStats.ProcessSample> redisAfter = redisPid.flatMap(ProcStats::sample);
            Optional<ProcStats.ProcessSample> generatorAfter = ProcStats.sample(ProcessHandle.current().pid());
            Optional<ProcStats.MachineSample> machineAfter = ProcStats.machine();
            Map<String, Double> countersAfter = probe.counters();

            Map<String, Double> delta = new LinkedHashMap<>();
            countersAfter.forEach((k, v) -> {
                boolean gauge = k.equals("heap_used_bytes") || k.equals("nearby_ws_connections") || k.equals("floor_connections");
                Double before = serverCounters.get(k);
                if (gauge) {
                    delta.put(k, v);
                } else if (before != null) {
                    delta.put(k, v - before);
                }
            });
            BenchResult.LoadWindow load = new BenchResult.LoadWindow(seconds, after.minus(counts), after,
                    LatencySummary.NONE, LatencySummary.of(lag), delta, countersAfter);

            double serverCores = cores(server, serverAfter);
            if (Double.isNaN(serverCores)) {
                // a server elsewhere: its own process CPU meter
                Double cpu = delta.get("process_cpu_time_ns_total");
                serverCores = cpu == null ? Double.NaN : cpu / 1e9 / seconds;
            }
            double busy = machine.isPresent() && machineAfter.isPresent()
                    ? machineAfter.get().busySince(machine.get()) : Double.NaN;
            BenchResult.Resources resources = new BenchResult.Resources(serverCores, Double.NaN,
                    server.map(ProcStats.ProcessSample::rssKb).orElse(-1L),
                    serverAfter.map(ProcStats.ProcessSample::rssKb).orElse(-1L),
                    serverAfter.map(ProcStats.ProcessSample::threads).orElse(-1),
                    cores(redis, redisAfter), cores(generator, generatorAfter), busy,
                    server.isPresent() && serverAfter.isPresent() ? ProcStats.jitCores(server.get(), serverAfter.get()) : Double.NaN);
            return new Closed(load, resources);
        }

        private static double cores(Optional<ProcStats.ProcessSample> a, Optional<ProcStats.ProcessSample> b) {
            return a.isPresent() && b.isPresent() ? ProcStats.cpuCores(a.get(), b.get()) : Double.NaN;
        }

        /** The window without its end-to-end latency, which is complete only after the drain ({@link #withLatency}). */
        record Closed(BenchResult.LoadWindow load, BenchResult.Resources resources) {
            BenchResult.Phase withLatency(Histogram latency, LoadCounters.Exact exact) {
                BenchResult.LoadWindow l = load;
                return new BenchResult.Phase(new BenchResult.LoadWindow(l.seconds(), l.counts(), l.wholeRun(),
                        LatencySummary.of(latency), l.scheduleLag(), l.serverCounters(), l.serverTotals(), exact, latency),
                        resources);
            }
        }
    }
}
