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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.nearby.testkit.FreePorts;
import io.nearby.testkit.RedisServer;
import redis.clients.jedis.Jedis;

/**
 * The adaptive-cadence benchmark ({@code ./nearby bench --preset cadence}): one server, one seed-shaped clustered
 * population ({@link CadenceWorld}), two phases on the same server with fresh connections — phones that ignore
 * {@code cadence} and send every normal period, then phones that honour it — and for each the updates sent and the
 * "entered the radius → receiver told" delays ({@link DetectionLog}). The world runs {@code --time-factor} times
 * faster than the product's (the server is configured accordingly: a normal period of 30 s / factor, and so on);
 * every time in the report is world time, i.e. the product's. Writes {@code bench-cadence-<timestamp>.md}.
 */
final class CadenceRun {
    /** The product's normal period, longest interval, closing speed and inactivity timeout (server defaults). */
    static final int NORMAL_SECONDS = 30;
    static final int LONGEST_SECONDS = 300;
    static final int CLOSING_KMH = 120;
    static final int INACTIVE_SECONDS = 600;
    /** Truth is sampled this often (wall time). */
    private static final Duration SAMPLE = Duration.ofMillis(50);
    /** After the window, told events are still taken this long (world seconds), for entries near its end. */
    private static final double GRACE_WORLD_SECONDS = 120;

    private final BenchOptions o;
    private final String command;
    private final StartedResources started = new StartedResources(this::log);

    CadenceRun(BenchOptions options, String command) {
        this.o = options;
        this.command = command;
    }

    Path run() throws Exception {
        return started.stoppingAfter(() -> {
            CadenceReport.Result result = measure();
            Files.createDirectories(o.out);
            String md = CadenceReport.markdown(result);
            Path file = o.out.resolve("bench-cadence-" + RunFiles.stamp(result.startedAt()) + ".md");
            Files.writeString(file, md);
            System.out.println(md);
            log("report written to " + file.toAbsolutePath());
            return file;
        });
    }

    private CadenceReport.Result measure() throws Exception {
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int k = o.timeFactor;
        Path work = RunFiles.workDir(o.out, startedAt);
        RunIds ids = RunIds.fromClock(System.currentTimeMillis());
        CadenceWorld world = new CadenceWorld(o.users, o.cities, o.friends, o.sameCityFriends, o.seed);
        log("world: " + o.users + " users in " + o.cities + " cities, " + world.edges().size() + " friendships, "
                + world.sameCityEdges().size() + " of them within a city; time ×" + k);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        Tokens tokens = new Tokens(BenchOptions.BENCH_SECRET, ids, o.users);

        RedisServer redis = started.remember(RedisServer.start());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NEARBY_HTTP_PORT", Integer.toString(FreePorts.next()));
        env.put("NEARBY_JWT_SECRET", BenchOptions.BENCH_SECRET);
        env.put("NEARBY_REDIS_URL", redis.url());
        env.put("NEARBY_DB_URL", "jdbc:h2:file:" + work.resolve("db/nearby"));
        env.put("NEARBY_RADIUS_MILES", Double.toString(o.radiusMiles));
        env.put("NEARBY_DRAIN_SECONDS", "0");
        // the product's rules in a world k times faster
        env.put("NEARBY_CADENCE_SECONDS", Integer.toString(NORMAL_SECONDS / k));
        env.put("NEARBY_CADENCE_MAX_SECONDS", Integer.toString(LONGEST_SECONDS / k));
        env.put("NEARBY_CADENCE_SPEED_KMH", Integer.toString(CLOSING_KMH * k));
        env.put("NEARBY_INACTIVE_SECONDS", Integer.toString(INACTIVE_SECONDS / k));
        env.put("NEARBY_MAX_SPEED_KMH", "0"); // the walkers are k times faster than any human
        env.put("NEARBY_WS_UPDATES_PER_SECOND", "20");
        env.put("NEARBY_WS_UPDATE_BURST", "40");
        LocalServer server = started.remember(LocalServer.start(o.serverJar, o.serverJvmArgList(), env, work, http));
        log("started nearby-server pid " + server.pid() + " at " + server.url() + " with " + env.entrySet().stream()
                .filter(e -> e.getKey().startsWith("NEARBY_CADENCE") || e.getKey().equals("NEARBY_INACTIVE_SECONDS")).toList());

        Population population = new Population(http, server.url(), tokens, ids, o.setupConcurrency);
        long setup = System.nanoTime();
        population.createUsers(o.users);
        population.befriend(world.edges(), o.seed);
        log("users and friendships created in " + Report.fixed((System.nanoTime() - setup) / 1e9, 1) + " s");

        URI ws = URI.create(server.url().toString().replaceFirst("^http", "ws").replaceAll("/+$", "") + "/ws");
        List<CadenceReport.Phase> phases = new ArrayList<>();
        for (boolean honours : new boolean[] {false, true}) {
            phases.add(phase(honours, world, ids, tokens, ws, server.pid()));
            try (Jedis jedis = new Jedis(URI.create(redis.url()))) {
                jedis.flushAll(); // the next phase starts with no cached positions, as the first did
            }
        }
        return new CadenceReport.Result(command, startedAt.toString(), machine(), o.users, o.cities,
                world.edges().size(), world.sameCityEdges().size(), o.radiusMiles, k, o.warmup.toSeconds() * k,
                o.duration.toSeconds() * k, phases);
    }

    private CadenceReport.Phase phase(boolean honours, CadenceWorld world, RunIds ids, Tokens tokens, URI ws, long serverPid)
            throws Exception {
        String label = honours ? "honouring cadence" : "every 30 s (cadence ignored)";
        int k = o.timeFactor;
        double radius = o.radiusMeters();
        DetectionLog detections = new DetectionLog();
        for (int[] e : world.sameCityEdges()) {
            detections.track(e[0], e[1]);
            detections.track(e[1], e[0]);
        }
        CadenceCounters counters = new CadenceCounters();
        long start = System.nanoTime();
        CadencePhone.WorldClock clock = () -> (System.nanoTime() - start) / 1e9 * k;
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(4, daemon("cadence-phone"));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("cadence-truth"));
        HttpClient sockets = HttpClient.newBuilder().executor(Runnable::run).build();
        List<CadencePhone> phones = new ArrayList<>();
        try {
            sampler.scheduleAtFixedRate(() -> {
                double t = clock.now();
                for (int[] e : world.sameCityEdges()) {
                    boolean inside = world.meters(e[0], e[1], t) <= radius;
                    detections.truth(e[0], e[1], inside, t);
                    detections.truth(e[1], e[0], inside, t);
                }
            }, 0, SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
            Semaphore permits = new Semaphore(o.connectConcurrency);
            List<CompletableFuture<Void>> connecting = new ArrayList<>();
            for (int u = 0; u < o.users; u++) {
                CadencePhone phone = new CadencePhone(u, honours, Duration.ofSeconds(NORMAL_SECONDS / k), world, clock, ids,
                        detections, counters, timers);
                phones.add(phone);
                permits.acquire();
                connecting.add(phone.connect(sockets, ws, tokens.of(u)).whenComplete((v, err) -> permits.release()));
            }
            int connected = 0;
            for (CompletableFuture<Void> f : connecting) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                    connected++;
                } catch (Exception e) {
                    counters.errors.increment();
                }
            }
            log(label + ": " + connected + " of " + o.users + " phones connected in " + Report.fixed((System.nanoTime() - start) / 1e9, 1)
                    + " s; warm-up " + DurationText.format(o.warmup) + " (world ×" + k + ")");
            Thread.sleep(o.warmup.toMillis());
            double from = clock.now();
            double to = from + o.duration.toMillis() / 1000.0 * k;
            counters.window(from, to);
            detections.startCounting();
            Optional<ProcStats.ProcessSample> cpu0 = ProcStats.sample(serverPid);
            Thread.sleep(o.duration.toMillis());
            detections.stopCounting();
            Optional<ProcStats.ProcessSample> cpu1 = ProcStats.sample(serverPid);
            double worldSeconds = clock.now() - from;
            Thread.sleep((long) (GRACE_WORLD_SECONDS / k * 1000));
            detections.freeze();
            double cores = cpu0.isPresent() && cpu1.isPresent() ? ProcStats.cpuCores(cpu0.get(), cpu1.get()) : Double.NaN;
            DetectionLog.Result detected = detections.result();
            CadenceReport.Phase p = new CadenceReport.Phase(label, honours, connected, counters.sentInWindow(), worldSeconds,
                    worldSeconds / k, counters.cadences(), detected, counters.errors.sum(), counters.closes.sum(), cores);
            log(label + ": " + p.sent() + " updates in " + Report.fixed(worldSeconds, 0) + " world s ("
                    + Report.fixed(p.updatesPerUserPerMinute(), 2) + " per user per minute), " + detected.entries()
                    + " entries, worst delay " + Report.fixed(detected.worstDelay(), 1) + " s");
            return p;
        } finally {
            sampler.shutdownNow();
            phones.forEach(CadencePhone::stop);
            timers.shutdownNow();
            Thread.sleep(2000); // the server releases the sessions before the next phase
        }
    }

    private static String machine() {
        MachineFacts m = MachineFacts.current();
        return m.cpus() + " CPUs (" + m.cpuModel() + "), " + m.java();
    }

    private void log(String message) {
        System.err.println("[bench] " + message);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
