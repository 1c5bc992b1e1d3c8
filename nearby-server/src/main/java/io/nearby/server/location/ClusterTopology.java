package io.nearby.server.location;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.nearby.ring.pubsub.Failures;
import io.nearby.ring.pubsub.PipelinedWriter;
import io.nearby.ring.pubsub.RedisAddress;
import io.nearby.ring.pubsub.RedisCommand;
import io.nearby.ring.pubsub.RedisSecurity;
import io.nearby.ring.pubsub.RedisWriters;
import io.nearby.ring.pubsub.WriteTally;

/**
 * The location cache's view of its Redis Cluster: which master serves each slot ({@link SlotMap}), and the ONE
 * {@link PipelinedWriter} of this process per master (from the shared {@link RedisWriters}) that carries every command
 * for that master's slots. A key's command goes to {@link #writerFor(int)} its slot's master; nothing here blocks a
 * caller.
 *
 * <p>One daemon thread, {@code nearby-cache-cluster}, keeps the map current: {@code CLUSTER SLOTS} from a master
 * (else a seed, else a replica) every {@link #PERIOD}, and every {@link #WHILE_FAILING} while something is wrong —
 * no map yet, a master's writer connection is down, or a caller reported a failure ({@link #suspect()}: an error reply
 * such as {@code MOVED}, a broken connection). So when a master dies, its replica's promotion (after the cluster's
 * {@code cluster-node-timeout}) is picked up within about 100 ms. While a master's connection is down, the thread also
 * queues a cheap probe to it every tick: a writer reconnects only when it has something to send, and callers send it
 * nothing while it is down ({@link #usable}).
 *
 * <p>Thread-safe. {@link #close} stops the thread and releases the writers.
 */
final class ClusterTopology implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterTopology.class.getName());
    /** The slot map is asked for at least this often. */
    static final Duration PERIOD = Duration.ofSeconds(5);
    /** ... and this often while a master is unreachable or a caller saw a failure. */
    static final Duration WHILE_FAILING = Duration.ofMillis(100);
    /** How long one node may take to answer {@code CLUSTER SLOTS} / {@code CLUSTER INFO}. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(1);
    /** The first map is waited for at most this long at start (then the thread goes on trying). */
    private static final Duration START_WAIT = Duration.ofSeconds(3);

    /** The map in use and the writer of each slot (null: no master, or no map yet). */
    private record Routing(SlotMap map, PipelinedWriter[] bySlot, Map<RedisAddress, PipelinedWriter> writers) {
        static final Routing NONE = new Routing(SlotMap.EMPTY, new PipelinedWriter[SlotMap.SLOTS], Map.of());
    }

    private final List<RedisAddress> seeds;
    private final boolean tls;
    private final RedisWriters writers;
    private final RedisSecurity security;
    /** The topology's own commands (CLUSTER SLOTS, CLUSTER INFO, probes): not counted as cache reads or writes. */
    private final WriteTally own = new WriteTally();
    private final AtomicBoolean suspect = new AtomicBoolean();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder changes = new LongAdder();
    /** Writers of nodes asked for the map that are not masters (seeds, replicas): topology thread (and start) only. */
    private final Map<RedisAddress, PipelinedWriter> askers = new HashMap<>();
    private final Duration period;
    private final Thread thread;
    private volatile Routing routing = Routing.NONE;
    private volatile String lastProblem = "not asked yet";
    private volatile boolean closed;

    /** Asks the seeds for the slot map (at most {@link #START_WAIT}) and starts the thread that keeps it current. */
    ClusterTopology(List<RedisAddress> seeds, RedisWriters writers, RedisSecurity security) {
        this(seeds, writers, security, PERIOD);
    }

    /** @param period how often the map is asked for while nothing is wrong ({@link #PERIOD}; tests: longer) */
    ClusterTopology(List<RedisAddress> seeds, RedisWriters writers, RedisSecurity security, Duration period) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
        }
        this.seeds = List.copyOf(seeds);
        this.tls = seeds.getFirst().tls();
        this.writers = writers;
        this.security = security;
        this.period = period;
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!refresh() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(WHILE_FAILING.toNanos());
        }
        if (routing.map() == SlotMap.EMPTY) {
            LOG.log(Level.WARNING, "no node of the location cache's Redis Cluster " + seeds + " answered CLUSTER SLOTS ("
                    + lastProblem + "); cache commands fail (counted) until one does");
        }
        this.thread = Thread.ofPlatform().daemon().name("nearby-cache-cluster").unstarted(this::run);
        thread.start();
    }

    /** The writer of the master serving {@code slot}, or null when none is known. */
    PipelinedWriter writerFor(int slot) {
        return routing.bySlot()[slot];
    }

    /** A writer that may be sent to: its connection is up (or has not failed yet). */
    static boolean usable(PipelinedWriter writer) {
        return writer != null && writer.connectionProblem().isEmpty();
    }

    /** A caller saw a failure (an error reply, a broken connection, a shard down): refresh the map soon. */
    void suspect() {
        if (!suspect.getAndSet(true)) {
            LockSupport.unpark(thread);
        }
    }

    /** Slot maps fetched, since start. */
    long refreshes() {
        return refreshes.sum();
    }

    /** Slot maps that moved slots to other masters, since start (failovers, resharding). */
    long changes() {
        return changes.sum();
    }

    /** Masters serving slots now. */
    int masters() {
        return routing.map().masters().size();
    }

    /** Masters whose connection is down now. */
    int mastersDown() {
        Routing r = routing;
        return (int) r.writers().values().stream().filter(w -> !usable(w)).count();
    }

    /**
     * The cluster's state for the health check: {@code CLUSTER INFO} from a reachable master, with this process's own
     * view (masters, their slots, the ones it cannot reach). Up while the cluster says {@code cluster_state:ok} and at
     * least one master is reachable: a shard whose master is down (being failed over) degrades the cache, it does not
     * make the server unready.
     */
    CacheHealth health() {
        Routing r = routing;
        if (r.map() == SlotMap.EMPTY) {
            return CacheHealth.down("Redis Cluster " + seedList() + ": no slot map yet (" + lastProblem + ")");
        }
        List<String> down = new ArrayList<>();
        int slotsDown = r.map().unassigned();
        PipelinedWriter asked = null;
        for (RedisAddress master : r.map().masters()) {
            PipelinedWriter w = r.writers().get(master);
            if (usable(w)) {
                asked = asked == null ? w : asked;
            } else {
                slotsDown += r.map().slotsOf(master);
                down.add(master.uri() + " (" + w.connectionProblem().orElse("down") + ")");
            }
        }
        String view = r.map().masters().size() + " masters: " + r.map() + (down.isEmpty() ? ""
                : "; " + slotsDown + " slots unreachable, master(s) down: " + String.join(", ", down));
        if (asked == null) {
            return CacheHealth.down("Redis Cluster, no master reachable; " + view);
        }
        String info;
        try {
            info = (String) ask(asked, new RedisCommand.ClusterInfo());
        } catch (RuntimeException e) {
            return CacheHealth.down("Redis Cluster: no CLUSTER INFO from " + asked.address() + " (" + e.getMessage()
                    + "); " + view);
        }
        String state = field(info, "cluster_state");
        String summary = "cluster_state:" + state + ", slots ok " + field(info, "cluster_slots_ok") + ", pfail "
                + field(info, "cluster_slots_pfail") + ", fail " + field(info, "cluster_slots_fail") + ", known nodes "
                + field(info, "cluster_known_nodes") + " (" + asked.address() + "); " + view;
        return "ok".equals(state) ? CacheHealth.up("Redis Cluster " + summary) : CacheHealth.down("Redis Cluster " + summary);
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(ASK_TIMEOUT.plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Routing last = routing;
        routing = Routing.NONE;
        last.writers().values().forEach(writers::release);
        releaseAskersBut(null);
    }

    // ---- the topology thread

    private void run() {
        long nextPeriodic = System.nanoTime() + period.toNanos();
        while (!closed) {
            try {
                boolean failing = suspect.getAndSet(false) || routing.map() == SlotMap.EMPTY || mastersDown() > 0;
                if (failing || System.nanoTime() - nextPeriodic >= 0) {
                    refresh();
                    nextPeriodic = System.nanoTime() + period.toNanos();
                }
                probeDownMasters();
                boolean stillFailing = routing.map() == SlotMap.EMPTY || mastersDown() > 0;
                LockSupport.parkNanos(this, failing || stillFailing ? WHILE_FAILING.toNanos()
                        : Math.max(0, nextPeriodic - System.nanoTime()));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "the location cache's cluster thread failed; it goes on", e);
                LockSupport.parkNanos(this, WHILE_FAILING.toNanos());
            }
        }
    }

    /**
     * Asks masters, then seeds, then replicas for {@code CLUSTER SLOTS}; true once one answered. A node that is not a
     * master is asked through a writer of its own, kept while it is the one that answers or none does (so that a
     * seed that is down is not reconnected, and logged, afresh every 100 ms), released once a master answers.
     */
    private boolean refresh() {
        Routing r = routing;
        Set<RedisAddress> candidates = new LinkedHashSet<>();
        r.map().masters().stream().filter(m -> usable(r.writers().get(m))).forEach(candidates::add);
        candidates.addAll(seeds);
        candidates.addAll(r.map().replicas());
        candidates.addAll(r.map().masters());
        for (RedisAddress node : candidates) {
            if (closed) {
                return false;
            }
            PipelinedWriter writer = r.writers().get(node);
            if (writer == null) {
                writer = askers.computeIfAbsent(node, n -> writers.acquire(n, security));
            }
            try {
                SlotMap map = SlotMap.parse(ask(writer, new RedisCommand.ClusterSlots()), tls, node.host());
                if (map.masters().isEmpty()) {
                    lastProblem = node.uri() + " serves no slots (is the cluster created?)";
                    continue;
                }
                refreshes.increment();
                apply(map);
                releaseAskersBut(node);
                return true;
            } catch (RuntimeException e) {
                lastProblem = node.uri() + ": " + e.getMessage();
            }
        }
        return false;
    }

    private void releaseAskersBut(RedisAddress keep) {
        askers.entrySet().removeIf(e -> {
            if (e.getKey().equals(keep)) {
                return false;
            }
            writers.release(e.getValue());
            return true;
        });
    }

    /** Uses {@code map}: writers for new masters, the slot table swapped at once, writers of former masters released. */
    private synchronized void apply(SlotMap map) {
        Routing old = routing;
        if (map.sameOwners(old.map())) {
            routing = new Routing(map, old.bySlot(), old.writers());
            return;
        }
        Map<RedisAddress, PipelinedWriter> byMaster = new HashMap<>();
        for (RedisAddress master : map.masters()) {
            PipelinedWriter w = old.writers().get(master);
            byMaster.put(master, w != null ? w : writers.acquire(master, security));
        }
        PipelinedWriter[] bySlot = new PipelinedWriter[SlotMap.SLOTS];
        for (int slot = 0; slot < SlotMap.SLOTS; slot++) {
            RedisAddress owner = map.owner(slot);
            bySlot[slot] = owner == null ? null : byMaster.get(owner);
        }
        routing = new Routing(map, bySlot, Map.copyOf(byMaster));
        if (old.map() != SlotMap.EMPTY) {
            changes.increment();
            LOG.log(Level.INFO, "location cache: the Redis Cluster's slot map changed: " + map
                    + (map.unassigned() > 0 ? "; " + map.unassigned() + " slots without a master" : ""));
        }
        old.writers().forEach((address, w) -> {
            if (!byMaster.containsKey(address)) {
                writers.release(w);
            }
        });
    }

    /** Queues a probe to every master whose connection is down, so that its writer tries to reconnect. */
    private void probeDownMasters() {
        for (PipelinedWriter w : routing.writers().values()) {
            if (!usable(w) && w.queueDepth() == 0) {
                w.submit(new RedisCommand.Ping(), own);
            }
        }
    }

    /** Sends {@code command} and waits for the reply, giving up early when the writer's connection is down. */
    private Object ask(PipelinedWriter writer, RedisCommand command) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        if (!writer.submit(command, own, reply)) {
            throw new IllegalStateException("not queued (queue full or closed)");
        }
        long deadline = System.nanoTime() + ASK_TIMEOUT.toNanos();
        while (true) {
            try {
                return reply.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                Optional<String> problem = writer.connectionProblem();
                if (problem.isPresent()) {
                    throw new IllegalStateException("connection down: " + problem.get());
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("no answer within " + ASK_TIMEOUT.toMillis() + " ms");
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(Failures.describe(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    private String seedList() {
        return seeds.stream().map(RedisAddress::uri).toList().toString();
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "?";
    }
}
