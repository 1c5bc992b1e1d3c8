package io.nearby.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The capacity model of docs/capacity.md: the fleet the seed's load needs, computed from measured per-node figures
 * ({@link CapacityFigures}) and the planning assumptions below. Pure; {@link #main} prints the table for a figures
 * file (default: the newest {@code loadgen/target/bench-*-figures.properties}), and {@code CapacityModelTest} checks
 * that the table committed in docs/capacity.md is the one {@code docs/capacity-figures.properties} gives.
 *
 * <p>The server's CPU per update is split, from the two windows of one multi-node run, into the part every update
 * costs once (accept, validate, cache write, publish, its fan-out to the friends' sessions and their frames) and the
 * part each server reached by the publish pays (receiving and decoding one Pub/Sub message):
 * {@code c_recv = (U_many − U_one) ÷ (r_many − r_one)}, {@code c_base = U_one − r_one × c_recv}. The ring's CPU per
 * publish is split the same way into a per-publish and a per-server-delivery part. At the seed's scale a publish
 * reaches {@code k(S) = S × (1 − (1 − 1/S)^F)} of S servers (F online friends placed at random), so both grow with S:
 * the server count is found by iterating until it no longer changes.
 */
final class CapacityModel {
    /** The seed (DESIGN.md "Scale target"): concurrent users, updates/s, friends, share of them nearby and online. */
    static final double CONCURRENT = 10_000_000;
    static final double UPDATES_PER_SECOND = 334_000;
    static final int FRIENDS = 400;
    static final double NEARBY_ONLINE_SHARE = 0.10;
    /** The seed's own Pub/Sub sizing: 14M deliveries/s at 100,000 per Redis server. */
    static final double SEED_DELIVERIES_PER_SECOND = 14_000_000;
    static final double SEED_REDIS_DELIVERIES_PER_SECOND = 100_000;
    /** Planning assumptions (not measurements). */
    static final int CORES_PER_SERVER = 8;
    static final double TARGET_UTILISATION = 0.6;
    static final double HEAP_GIB_PER_SERVER = 32;
    static final double HEAP_HEADROOM = 2;
    static final int REPLICATION_FACTOR = 3;
    static final double HISTORY_DAYS_KEPT = 40;
    static final double CASSANDRA_TB_PER_NODE = 2.5;
    /** A Redis server executes commands on one thread: one core per node. */
    static final double REDIS_CORES_PER_NODE = 1;

    private final CapacityFigures f;

    CapacityModel(CapacityFigures figures) {
        this.f = figures;
    }

    /** Online friends of each update's sender (the seed: 400 × 10%), all of them deliveries. */
    static double onlineFriends() {
        return FRIENDS * NEARBY_ONLINE_SHARE;
    }

    /** Servers reached by one publish when {@code friends} online friends sit at random on {@code servers} servers. */
    static double serversReached(double servers, double friends) {
        return servers <= 1 ? 1 : servers * (1 - Math.pow(1 - 1 / servers, friends));
    }

    /** Server CPU each server reached by a publish pays (receive, decode, hand to its sessions), µs; ≥ 0. */
    double serverUsPerReceive() {
        double dr = f.receivesPerUpdateMany() - f.receivesPerUpdateOne();
        if (!(dr > 0.1)) {
            return 0;
        }
        return Math.max(0, (f.serverUsPerUpdateMany() - f.serverUsPerUpdateOne()) / dr);
    }

    /** Server CPU every update costs once, µs. */
    double serverUsPerUpdateBase() {
        return f.serverUsPerUpdateOne() - f.receivesPerUpdateOne() * serverUsPerReceive();
    }

    /**
     * The ring's CPU split into a per-publish and a per-server-delivery part, µs, from the two windows (publishes
     * reaching r_one and r_many servers). When the windows do not separate them (noise: a negative part), all of a
     * publish's cost is counted per server delivery, which over-estimates the ring at large k.
     */
    record RingSplit(double perPublish, double perServerDelivery) {
    }

    RingSplit ringSplit() {
        double dr = f.receivesPerUpdateMany() - f.receivesPerUpdateOne();
        if (dr > 0.1) {
            double perDelivery = (f.ringUsPerPublishMany() - f.ringUsPerPublishOne()) / dr;
            double perPublish = f.ringUsPerPublishOne() - f.receivesPerUpdateOne() * perDelivery;
            if (perDelivery > 0 && perPublish >= 0) {
                return new RingSplit(perPublish, perDelivery);
            }
        }
        return new RingSplit(0, f.ringUsPerPublishMany() / f.receivesPerUpdateMany());
    }

    /** Heap per connection with the seed's 400 friends, KiB. */
    double heapKibPerSeedConnection() {
        return f.heapKibPerConnection() + (FRIENDS - f.friendsPerConnection()) * f.heapKibPerFriend();
    }

    /** Servers needed for memory: live heap × headroom within the heap of one server. */
    int serversForMemory() {
        double kib = CONCURRENT * heapKibPerSeedConnection() * HEAP_HEADROOM;
        return (int) Math.ceil(kib / (HEAP_GIB_PER_SERVER * 1024 * 1024));
    }

    /** Server cores for S servers: updates × (c_base + k(S) × c_recv) + idle connections. */
    double serverCores(int servers) {
        double perUpdate = serverUsPerUpdateBase() + serversReached(servers, onlineFriends()) * serverUsPerReceive();
        return (UPDATES_PER_SECOND * perUpdate + CONCURRENT * f.idleUsPerConnectionSecond()) / 1e6;
    }

    /** Servers needed for CPU, iterated with k(S) to a fixed point. */
    int serversForCpu() {
        int s = 100;
        for (int i = 0; i < 100; i++) {
            int next = (int) Math.ceil(serverCores(s) / (CORES_PER_SERVER * TARGET_UTILISATION));
            if (next == s) {
                break;
            }
            s = Math.max(1, next);
        }
        return s;
    }

    /**
     * A lower bound of the servers for CPU: every delivery at the all-servers window's all-in cost per delivery, in
     * which each received message served ~20 deliveries (at the seed's scale one serves ~1), plus the idle connections.
     */
    int serversForCpuLowerBound() {
        double cores = (UPDATES_PER_SECOND * onlineFriends() * f.serverUsPerDeliveryMany()
                + CONCURRENT * f.idleUsPerConnectionSecond()) / 1e6;
        return (int) Math.ceil(cores / (CORES_PER_SERVER * TARGET_UTILISATION));
    }

    int servers() {
        return Math.max(serversForCpu(), serversForMemory());
    }

    /** Ring cores: updates × (per publish + k(S) × per server delivery). */
    double ringCores() {
        RingSplit ring = ringSplit();
        return UPDATES_PER_SECOND * (ring.perPublish() + serversReached(servers(), onlineFriends()) * ring.perServerDelivery()) / 1e6;
    }

    int ringNodes() {
        return (int) Math.ceil(ringCores() / (REDIS_CORES_PER_NODE * TARGET_UTILISATION));
    }

    int seedRedisEstimate() {
        return (int) Math.ceil(SEED_DELIVERIES_PER_SECOND / SEED_REDIS_DELIVERIES_PER_SECOND);
    }

    int cacheShards() {
        double masters = UPDATES_PER_SECOND * f.cacheUsPerUpdate() / 1e6 / (REDIS_CORES_PER_NODE * TARGET_UTILISATION);
        double replicas = Double.isNaN(f.cacheReplicaUsPerUpdate()) ? 0
                : UPDATES_PER_SECOND * f.cacheReplicaUsPerUpdate() / 1e6 / (REDIS_CORES_PER_NODE * TARGET_UTILISATION);
        return (int) Math.ceil(Math.max(masters, replicas));
    }

    int cassandraNodesForWrites() {
        return (int) Math.ceil(UPDATES_PER_SECOND * REPLICATION_FACTOR / f.cassandraPointsPerSecond());
    }

    int cassandraNodesForStorage() {
        double bytes = UPDATES_PER_SECOND * 86_400 * f.cassandraBytesPerRow() * HISTORY_DAYS_KEPT * REPLICATION_FACTOR;
        return (int) Math.ceil(bytes / (CASSANDRA_TB_PER_NODE * 1e12));
    }

    /** The Markdown table of docs/capacity.md (between its markers), byte for byte. */
    String table() {
        int s = servers();
        double k = serversReached(s, onlineFriends());
        List<String> rows = new ArrayList<>();
        rows.add("| quantity | formula | inputs | result |");
        rows.add("| --- | --- | --- | ---: |");
        rows.add(row("server CPU per update, once", "c_base = U_one − r_one × c_recv",
                "U_one " + n(f.serverUsPerUpdateOne(), 1) + " µs, r_one " + n(f.receivesPerUpdateOne(), 2),
                n(serverUsPerUpdateBase(), 1) + " µs"));
        rows.add(row("server CPU per server reached", "c_recv = (U_many − U_one) ÷ (r_many − r_one), ≥ 0",
                "U_many " + n(f.serverUsPerUpdateMany(), 1) + " µs, r_many " + n(f.receivesPerUpdateMany(), 2),
                n(serverUsPerReceive(), 1) + " µs"));
        rows.add(row("servers reached per publish", "k = S × (1 − (1 − 1/S)^F)", "S " + s + ", F " + n(onlineFriends(), 0),
                n(k, 1)));
        rows.add(row("server cores", "(334K × (c_base + k × c_recv) + 10M × idle) ÷ 10⁶",
                "idle " + n(f.idleUsPerConnectionSecond(), 2) + " µs/s per connection", n(serverCores(s), 0)));
        rows.add(row("servers for CPU, upper bound", "cores ÷ (" + CORES_PER_SERVER + " cores × " + n(TARGET_UTILISATION, 1) + ")",
                "c_recv at the run's message rate per server", Integer.toString(serversForCpu())));
        rows.add(row("servers for CPU, lower bound", "(334K × 40 × per delivery + 10M × idle) ÷ 10⁶ ÷ ("
                        + CORES_PER_SERVER + " × " + n(TARGET_UTILISATION, 1) + ")",
                "per delivery " + n(f.serverUsPerDeliveryMany(), 1) + " µs (receipt shared by ~20 deliveries)",
                Integer.toString(serversForCpuLowerBound())));
        rows.add(row("servers for memory", "10M × (h + (400 − F_run) × h_f) × " + n(HEAP_HEADROOM, 0) + " ÷ "
                        + n(HEAP_GIB_PER_SERVER, 0) + " GiB",
                "h " + n(f.heapKibPerConnection(), 1) + " KiB at F_run " + n(f.friendsPerConnection(), 0) + ", h_f "
                        + n(f.heapKibPerFriend(), 2) + " KiB", Integer.toString(serversForMemory())));
        rows.add(row("**servers**", "max(CPU upper bound, memory)", "", "**" + s + "**"));
        rows.add(row("ring CPU per server delivery / per publish", "from the two windows' ring µs per publish",
                "one " + n(f.ringUsPerPublishOne(), 2) + " µs at r_one, many " + n(f.ringUsPerPublishMany(), 2) + " µs at r_many",
                n(ringSplit().perServerDelivery(), 2) + " / " + n(ringSplit().perPublish(), 2) + " µs"));
        rows.add(row("ring cores", "334K × (per publish + k × per server delivery) ÷ 10⁶", "k " + n(k, 1),
                n(ringCores(), 1)));
        rows.add(row("**Pub/Sub ring nodes**", "ring cores ÷ (1 core × " + n(TARGET_UTILISATION, 1) + ")", "",
                "**" + ringNodes() + "**"));
        rows.add(row("seed's Pub/Sub estimate", "14M ÷ 100K deliveries/s per Redis", "", Integer.toString(seedRedisEstimate())));
        rows.add(row("**cache shards** (a master + a replica each)", "334K × max(master, replica µs per SET) ÷ 10⁶ ÷ "
                        + n(TARGET_UTILISATION, 1),
                "master " + n(f.cacheUsPerUpdate(), 2) + " µs, replica " + n(f.cacheReplicaUsPerUpdate(), 2) + " µs",
                "**" + cacheShards() + "**"));
        rows.add(row("Cassandra nodes for writes", "334K × RF " + REPLICATION_FACTOR + " ÷ points/s per node",
                n(f.cassandraPointsPerSecond(), 0) + " points/s per node", Integer.toString(cassandraNodesForWrites())));
        rows.add(row("Cassandra nodes for storage", "334K × 86,400 × B × " + n(HISTORY_DAYS_KEPT, 0) + " days × RF "
                        + REPLICATION_FACTOR + " ÷ " + n(CASSANDRA_TB_PER_NODE, 1) + " TB",
                "B " + n(f.cassandraBytesPerRow(), 1) + " bytes per row", Integer.toString(cassandraNodesForStorage())));
        rows.add(row("**Cassandra nodes**", "max(writes, storage)", "",
                "**" + Math.max(cassandraNodesForWrites(), cassandraNodesForStorage()) + "**"));
        rows.add(row("binds first", "the largest fleet relative to its own unit", "", bindsFirst()));
        return String.join("\n", rows) + "\n";
    }

    /** The friends of the seed's "user with many friends". */
    static final int HEAVY_FRIENDS = 5_000;
    /** A WebSocket text frame's header from server to client for a payload of 126–65,535 bytes. */
    static final int WS_FRAME_HEADER = 4;

    /**
     * What one update of a user whose {@link #HEAVY_FRIENDS} friends are all online costs the fleet of
     * {@link #servers()} servers (docs/capacity.md), for the seed's 10% of them nearby and for all of them nearby.
     */
    String heavyUserTable() {
        int s = servers();
        double k = serversReached(s, HEAVY_FRIENDS);
        double near = HEAVY_FRIENDS * NEARBY_ONLINE_SHARE;
        double frame = f.clientFrameBytes() + WS_FRAME_HEADER;
        List<String> rows = new ArrayList<>();
        rows.add("| cost of one update | formula | 10% of the friends nearby | all 5,000 nearby |");
        rows.add("| --- | --- | ---: | ---: |");
        rows.add(row("cache writes, history points, publishes", "1 `SET EX`, 1 point, 1 `PUBLISH` on one ring node", "1 each", "1 each"));
        rows.add(row("servers the publish reaches", "k = S × (1 − (1 − 1/S)^5,000), S = " + s, n(k, 1), n(k, 1)));
        rows.add(row("ring bytes out", "k × " + n(f.ringMessageBytes(), 0) + " B (channel + message)",
                bytes(k * f.ringMessageBytes()), bytes(k * f.ringMessageBytes())));
        rows.add(row("distance checks (sessions notified)", "every online friend, on its own server", count(HEAVY_FRIENDS),
                count(HEAVY_FRIENDS)));
        rows.add(row("deliveries (`friend_location` frames)", "friends within the radius", count(near), count(HEAVY_FRIENDS)));
        rows.add(row("bytes to clients", "deliveries × (" + n(f.clientFrameBytes(), 0) + " B JSON + " + WS_FRAME_HEADER
                + " B frame header)", bytes(near * frame), bytes(HEAVY_FRIENDS * frame)));
        rows.add(row("fleet CPU", "k × c_recv + deliveries × " + n(f.serverUsPerDeliveryMany(), 1) + " µs (all-in per delivery)",
                n((k * serverUsPerReceive() + near * f.serverUsPerDeliveryMany()) / 1000, 1) + " ms",
                n((k * serverUsPerReceive() + HEAVY_FRIENDS * f.serverUsPerDeliveryMany()) / 1000, 1) + " ms"));
        return String.join("\n", rows) + "\n";
    }

    private static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String bytes(double b) {
        return b >= 1024 * 1024 ? n(b / 1024 / 1024, 1) + " MiB" : b >= 1024 ? n(b / 1024, 1) + " KiB" : n(b, 0) + " B";
    }

    /** Which limit sets the size of the largest part of the fleet. */
    String bindsFirst() {
        boolean cpu = serversForCpu() >= serversForMemory();
        return "server " + (cpu ? "CPU" : "memory") + " (" + Math.max(serversForCpu(), serversForMemory()) + " servers vs "
                + Math.min(serversForCpu(), serversForMemory()) + " for " + (cpu ? "memory" : "CPU") + ")";
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String n(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    /** Prints the table of a figures file: the argument, else the newest loadgen/target/bench-*-figures.properties. */
    public static void main(String[] args) throws IOException {
        Path file;
        if (args.length > 0) {
            file = Path.of(args[0]);
        } else {
            try (Stream<Path> files = Files.list(Path.of("loadgen/target"))) {
                file = files.filter(p -> p.getFileName().toString().matches("bench-.*-figures\\.properties"))
                        .max(Comparator.comparing(p -> p.getFileName().toString()))
                        .orElseThrow(() -> new IllegalStateException("no loadgen/target/bench-*-figures.properties: run "
                                + "./nearby bench --servers 2 --pubsub-nodes 3 --cache cluster, or name a figures file"));
            }
        }
        System.out.println("capacity model from " + file + ":\n");
        CapacityModel model = new CapacityModel(CapacityFigures.read(file));
        System.out.print(model.table());
        System.out.println("\none update of a user with " + HEAVY_FRIENDS + " friends, all online:\n");
        System.out.print(model.heavyUserTable());
    }
}
