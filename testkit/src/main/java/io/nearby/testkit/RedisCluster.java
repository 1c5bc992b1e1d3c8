package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on 127.0.0.1: {@code masters} masters with {@code replicasPerMaster} replicas each (3 + 3 by
 * default), every node a {@link RedisServer} started with {@code --cluster-enabled yes} on two free ports of its own
 * (client and cluster bus), then joined by {@code redis-cli --cluster create … --cluster-replicas N --cluster-yes}.
 * {@link #start} returns once every node says {@code cluster_state:ok} with all 16,384 slots served and every replica
 * is in sync with its master.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.start()) {
 *     env.put("NEARBY_REDIS_CLUSTER_NODES", cluster.seeds());   // redis://127.0.0.1:P1,redis://127.0.0.1:P2,…
 *     RedisServer owner = cluster.masterOf("loc:alice");          // the master serving that key's slot now
 *     owner.kill();                                               // kill -9: its replica is promoted after the node timeout
 * }
 * }</pre>
 *
 * <p>Nodes run with {@code cluster-require-full-coverage no}, so while one shard has no master the others go on
 * serving, and with the node timeout of {@link Options#nodeTimeout} (5 s by default, as in k8s/redis-cache.yaml: a
 * failover completes about a second after it). A node timeout much below that lets a busy machine fail a healthy
 * node over: a node whose process was not scheduled for longer than the timeout (seen on the shared 2-core test
 * machine at a load of 7.6) is marked failed by the others, and a master that hears from no other master for that
 * long declares the cluster down ({@code CLUSTERDOWN}); tests that kill a master choose a shorter one explicitly. No persistence: a node keeps only its {@code nodes.conf} across {@link RedisServer#kill()} and
 * {@link RedisServer#restart()}, so a restarted master rejoins, empty, as a replica of the node that replaced it.
 * Side effects: {@code masters × (1 + replicasPerMaster)} OS processes (~7 MB each) until {@link #close()} or JVM exit.
 */
public final class RedisCluster implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisCluster.class.getName());
    /** The slots of a Redis Cluster. */
    public static final int SLOTS = 16_384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServer> nodes;
    private final Options options;

    /**
     * The cluster's shape and protection.
     *
     * @param masters at least 3 (what {@code redis-cli --cluster create} requires)
     * @param replicasPerMaster 0 or more
     * @param nodeTimeout {@code cluster-node-timeout}: how long a silent master takes to be declared failed (≥ 100 ms)
     * @param password {@code requirepass} and {@code masterauth} of every node; null: none
     * @param tls every node serves TLS only, replication and the cluster bus too; null: plain TCP
     */
    public record Options(int masters, int replicasPerMaster, Duration nodeTimeout, String password, TestCertificates tls) {
        /** 3 masters, 1 replica each, node timeout 5 s, no password, no TLS. */
        public static final Options DEFAULT = new Options(3, 1, Duration.ofSeconds(5), null, null);

        public Options {
            if (masters < 3 || replicasPerMaster < 0) {
                throw new IllegalArgumentException("a Redis Cluster needs >= 3 masters and >= 0 replicas each, got "
                        + masters + " and " + replicasPerMaster);
            }
            if (nodeTimeout == null || nodeTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("node timeout must be >= 100 ms, got " + nodeTimeout);
            }
        }

        public Options withShape(int masterCount, int replicas) {
            return new Options(masterCount, replicas, nodeTimeout, password, tls);
        }

        public Options withNodeTimeout(Duration timeout) {
            return new Options(masters, replicasPerMaster, timeout, password, tls);
        }

        public Options withPassword(String pw) {
            return new Options(masters, replicasPerMaster, nodeTimeout, pw, tls);
        }

        public Options withTls(TestCertificates certificates) {
            return new Options(masters, replicasPerMaster, nodeTimeout, password, certificates);
        }

        RedisServer.Options nodeOptions() {
            RedisServer.Options node = password == null ? RedisServer.Options.NONE : RedisServer.Options.password(password);
            return tls == null ? node : node.withTls(tls);
        }
    }

    private RedisCluster(List<RedisServer> nodes, Options options) {
        this.nodes = nodes;
        this.options = options;
    }

    /** 3 masters + 3 replicas, node timeout 5 s; returns once the cluster serves every slot. */
    public static RedisCluster start() {
        return start(Options.DEFAULT);
    }

    public static RedisCluster start(Options options) {
        long started = System.nanoTime();
        List<RedisServer> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(nodes, options);
        try {
            for (int i = 0; i < options.masters() * (1 + options.replicasPerMaster()); i++) {
                nodes.add(RedisServer.start(options.nodeOptions(),
                        new RedisServer.ClusterNode(FreePorts.next(), options.nodeTimeout())));
            }
            cluster.create();
            cluster.awaitReady(READY_TIMEOUT);
            LOG.log(Level.INFO, String.format("started a Redis Cluster of %d masters + %d replicas on ports %s in %d ms",
                    options.masters(), options.masters() * options.replicasPerMaster(),
                    nodes.stream().map(n -> Integer.toString(n.port())).collect(Collectors.joining(",")),
                    Duration.ofNanos(System.nanoTime() - started).toMillis()));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node, masters and replicas, in start order (their roles change with failovers: see {@link #masters()}). */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    public Options options() {
        return options;
    }

    /** Every node's URL ({@code redis://127.0.0.1:PORT}, {@code rediss://…} with TLS), never with the password. */
    public List<String> urls() {
        return nodes.stream().map(RedisServer::url).toList();
    }

    /** {@link #urls()} comma-separated: the value of {@code NEARBY_REDIS_CLUSTER_NODES}. */
    public String seeds() {
        return String.join(",", urls());
    }

    /** The hash slot of {@code key} ({@code CLUSTER KEYSLOT}, asked of a running node). */
    public int slot(String key) {
        return (int) (long) (Long) ask(n -> Resp.call(n.port(), options.password(), n.caFile(), "CLUSTER", "KEYSLOT", key));
    }

    /** The node serving {@code key} now: the master of its slot, as a running node sees the cluster. */
    public RedisServer masterOf(String key) {
        int slot = slot(key);
        return view().stream().filter(n -> n.master() && !n.failed() && n.serves(slot)).findFirst()
                .map(n -> node(n.port())).orElseThrow(() -> new IllegalStateException("no master serves slot " + slot
                        + " now; the cluster says:\n" + info()));
    }

    /** The masters that serve slots now, as a running node sees the cluster. */
    public List<RedisServer> masters() {
        return view().stream().filter(n -> n.master() && !n.failed() && !n.slots().isEmpty())
                .map(n -> node(n.port())).toList();
    }

    /** The replicas of {@code master} now (empty when it has none, e.g. after its replica was promoted). */
    public List<RedisServer> replicasOf(RedisServer master) {
        List<NodeLine> view = view();
        String id = view.stream().filter(n -> n.port() == master.port()).findFirst().map(NodeLine::id).orElse("");
        return view.stream().filter(n -> !n.master() && !n.failed() && n.masterId().equals(id))
                .map(n -> node(n.port())).toList();
    }

    /** {@code CLUSTER INFO} of a running node (cluster_state, cluster_slots_ok, …), for assertion messages. */
    public String info() {
        return (String) ask(n -> Resp.text(n.port(), options.password(), n.caFile(), "CLUSTER", "INFO"));
    }

    /**
     * Waits until every running node says {@code cluster_state:ok} with every slot served, all running nodes agree on
     * which masters serve which slots and which node replicates which, none of those masters is failing, and every
     * running replica is in sync with its master (e.g. after a failover and the restart of the old master).
     *
     * @throws IllegalStateException when that does not happen within {@code timeout}, with what the nodes said
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            try {
                Optional<String> problem = notReady();
                if (problem.isEmpty()) {
                    return;
                }
                last = problem.get();
            } catch (IOException e) {
                last = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis Cluster not ready within " + timeout + ": " + last);
            }
            sleep(50);
        }
    }

    /** Closes every node (their logs stay). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (RedisServer node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "redis cluster " + seeds();
    }

    // ---- internals

    private void create() {
        Path dir = WorkDirs.newServerDir("redis-cluster-create");
        Path log = dir.resolve("cluster-create.log");
        List<String> command = new ArrayList<>(List.of(System.getProperty("nearby.testkit.redisCli", "redis-cli")));
        if (options.tls() != null) {
            command.addAll(List.of("--tls", "--cacert", options.tls().caFile().toString()));
        }
        command.addAll(List.of("--cluster", "create"));
        nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
        command.addAll(List.of("--cluster-replicas", Integer.toString(options.replicasPerMaster()), "--cluster-yes"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (options.password() != null) {
            builder.environment().put("REDISCLI_AUTH", options.password()); // not on the command line
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create did not finish within " + CREATE_TIMEOUT
                        + "; log " + log + ":\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed with " + process.exitValue() + "; log "
                        + log + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + " (Debian package redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Redis Cluster", e);
        }
    }

    private Optional<String> notReady() throws IOException {
        String agreed = null;
        boolean anyRunning = false;
        for (RedisServer node : nodes) {
            if (!node.process.isAlive()) {
                continue;
            }
            anyRunning = true;
            String info = Resp.text(node.port(), options.password(), node.caFile(), "CLUSTER", "INFO");
            if (!"ok".equals(Resp.field(info, "cluster_state"))
                    || !Integer.toString(SLOTS).equals(Resp.field(info, "cluster_slots_ok"))) {
                return Optional.of("node " + node.port() + " says cluster_state:" + Resp.field(info, "cluster_state")
                        + ", cluster_slots_ok:" + Resp.field(info, "cluster_slots_ok"));
            }
            List<NodeLine> view = NodeLine.parseAll(Resp.text(node.port(), options.password(), node.caFile(),
                    "CLUSTER", "NODES"));
            Map<Integer, String> owners = new TreeMap<>();
            for (NodeLine line : view) {
                if (line.master() && !line.slots().isEmpty()) {
                    if (line.failed()) {
                        return Optional.of("node " + node.port() + " sees master " + line.port() + " failing");
                    }
                    owners.put(line.port(), String.join(" ", line.slots()));
                } else if (!line.master() && !line.failed()) {
                    owners.put(line.port(), "replica of " + line.masterId());
                }
            }
            String signature = owners.toString();
            if (agreed != null && !agreed.equals(signature)) {
                return Optional.of("nodes disagree about the slots: " + agreed + " vs " + signature + " (node "
                        + node.port() + ")");
            }
            agreed = signature;
            NodeLine self = view.stream().filter(NodeLine::myself).findFirst().orElseThrow();
            if (!self.master()) {
                String replication = Resp.text(node.port(), options.password(), node.caFile(), "INFO", "replication");
                if (!"up".equals(Resp.field(replication, "master_link_status"))) {
                    return Optional.of("replica " + node.port() + " has master_link_status:"
                            + Resp.field(replication, "master_link_status"));
                }
            }
        }
        return anyRunning ? Optional.empty() : Optional.of("no node is running");
    }

    /** What a running node says in {@code CLUSTER NODES}. */
    private List<NodeLine> view() {
        return ask(n -> NodeLine.parseAll(Resp.text(n.port(), options.password(), n.caFile(), "CLUSTER", "NODES")));
    }

    private interface Question<T> {
        T ask(RedisServer node) throws IOException;
    }

    /** The answer of the first running node that answers. */
    private <T> T ask(Question<T> question) {
        IOException last = null;
        for (RedisServer node : nodes) {
            if (!node.process.isAlive()) {
                continue;
            }
            try {
                return question.ask(node);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no node of " + this + " answers", last);
    }

    private RedisServer node(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of this cluster on port " + port));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Redis Cluster", e);
        }
    }

    /**
     * One line of {@code CLUSTER NODES}: {@code <id> <ip:port@cport[,hostname]> <flags> <master id|-> <ping-sent>
     * <pong-recv> <config-epoch> <link-state> <slot or range>…}.
     */
    record NodeLine(String id, int port, List<String> flags, String masterId, List<String> slots) {
        static List<NodeLine> parseAll(String text) {
            List<NodeLine> lines = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8) {
                    continue;
                }
                String address = f[1].split("[@,]")[0];
                int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                List<String> slots = new ArrayList<>();
                for (int i = 8; i < f.length; i++) {
                    if (!f[i].startsWith("[")) { // [slot->-id] / [slot-<-id]: a slot being migrated
                        slots.add(f[i]);
                    }
                }
                lines.add(new NodeLine(f[0], port, List.of(f[2].split(",")), f[3], slots));
            }
            return lines;
        }

        boolean master() {
            return flags.contains("master");
        }

        boolean myself() {
            return flags.contains("myself");
        }

        boolean failed() {
            return flags.contains("fail") || flags.contains("fail?") || flags.contains("noaddr");
        }

        boolean serves(int slot) {
            for (String range : slots) {
                int dash = range.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
                if (slot >= from && slot <= to) {
                    return true;
                }
            }
            return false;
        }
    }
}
