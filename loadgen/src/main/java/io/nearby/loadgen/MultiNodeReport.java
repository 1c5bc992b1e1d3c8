package io.nearby.loadgen;

import static io.nearby.loadgen.Report.count;
import static io.nearby.loadgen.Report.fixed;
import static io.nearby.loadgen.Report.ms;
import static io.nearby.loadgen.Report.percent;
import static io.nearby.loadgen.Report.percent2;
import static io.nearby.loadgen.Report.rate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown report of a multi-node run: the one-server window and the all-servers window side by side. */
final class MultiNodeReport {
    private MultiNodeReport() {
    }

    static String markdown(MultiNodeResult r, String figuresFile) {
        StringBuilder md = new StringBuilder();
        md.append("# Nearby Friends multi-node benchmark — ").append(r.startedAt()).append("\n\n");
        md.append("Command: `").append(r.command()).append("`\n\n");
        machine(md, r);
        world(md, r);
        comparison(md, r);
        for (MultiNodeResult.Phase p : phases(r)) {
            perServer(md, p);
        }
        redis(md, r);
        accounting(md, r);
        md.append("## Capacity model from this run\n\n");
        md.append("Figures: `").append(figuresFile).append("` (docs/capacity.md explains every row; the planning ")
                .append("assumptions are in `CapacityModel`).\n\n");
        md.append(new CapacityModel(CapacityFigures.fromRun(r)).table()).append('\n');
        return md.toString();
    }

    private static List<MultiNodeResult.Phase> phases(MultiNodeResult r) {
        return r.many() == null ? List.of(r.one()) : List.of(r.one(), r.many());
    }

    private static void machine(StringBuilder md, MultiNodeResult r) {
        MachineFacts m = r.machine();
        md.append("## Machine\n\n| fact | value |\n| --- | --- |\n");
        row(md, "CPUs (nproc) / model / memory", m.cpus() + " / " + m.cpuModel() + " / "
                + (m.memTotalKb() > 0 ? fixed(m.memTotalKb() / 1024.0 / 1024.0, 1) + " GiB" : "?"));
        row(md, "kernel / Java", m.kernel() + " / " + m.java());
        row(md, "load average before / after (1 / 5 / 15 min)", load(r.loadBefore()) + " → " + load(r.loadAfter()));
        md.append('\n');
    }

    private static void world(StringBuilder md, MultiNodeResult r) {
        MultiNodeResult.World w = r.world();
        MultiNodeResult.Shape s = r.shape();
        md.append("## World and workload\n\n| parameter | value |\n| --- | --- |\n");
        row(md, "servers", w.servers() + " nearby-server processes (`java " + s.serverJvmArgs() + " -jar nearby-server.jar`)");
        row(md, "Pub/Sub ring", w.ringInEtcd() ? w.ringNodes() + " redis-servers, the ring in a local etcd"
                : "the cache's redis-server");
        row(md, "location cache", w.cache());
        row(md, "user DB", w.userDb());
        row(md, "users (one WebSocket each)", count(s.users()));
        row(md, "friends per user (mean) / within the radius (mean)", fixed(s.meanFriends(), 2) + " / "
                + fixed(s.meanNearFriends(), 2) + " (every friend online)");
        row(md, "update period", DurationText.format(s.period()) + " ± " + percent(s.jitter()) + " → offered "
                + rate(s.offeredPerSecond()) + " updates/s");
        row(md, "warm-up / measured window (each)", DurationText.format(s.warmup()) + " / " + DurationText.format(s.duration()));
        if (s.preset() != null) {
            row(md, "preset", "`" + s.preset() + "`");
        }
        row(md, "REST setup (through server 0)", count(r.restRequests()) + " requests in " + fixed(r.restSeconds(), 1) + " s");
        if (r.many() != null) {
            row(md, "placement over " + w.servers() + " servers", percent(r.many().crossShareOfPairs()) + " of friend pairs and "
                    + percent(r.many().crossShareOfDeliveries()) + " of expected deliveries cross servers");
        }
        md.append('\n');
    }

    private static void comparison(StringBuilder md, MultiNodeResult r) {
        List<MultiNodeResult.Phase> ps = phases(r);
        md.append("## One server vs ").append(r.world().servers()).append(" servers (same shape, same world, same invocation)\n\n");
        md.append("| figure |");
        for (MultiNodeResult.Phase p : ps) {
            md.append(' ').append(p.servers()).append(p.servers() == 1 ? " server |" : " servers |");
        }
        md.append("\n| --- |").append(" ---: |".repeat(ps.size())).append('\n');
        line(md, ps, "location updates/s (sent by the clients)", p -> rate(p.counts().sent() / p.seconds()));
        line(md, ps, "deliveries/s (`friend_location` received)", p -> rate(p.counts().friendLocations() / p.seconds()));
        line(md, ps, "delivered share of expected (exact accounting)", p -> percent2(p.exact().deliveredShare()));
        line(md, ps, "end-to-end p50 / p99 / p99.9, ms (every delivery)", p -> lat(p.endToEnd()));
        line(md, ps, "cross-server end-to-end p50 / p99 / p99.9, ms", p -> p.crossServer().count() == 0 ? "n/a" : lat(p.crossServer()));
        line(md, ps, "cross-server samples", p -> count(p.crossServer().count()));
        line(md, ps, "servers' CPU, cores (servers with connections)", p -> fixed(p.fleetCores(), 2));
        line(md, ps, "servers' CPU per update, µs (Σ CPU ÷ Σ updates)", p -> fixed(p.fleetCpuPerUpdateMicros(), 1));
        line(md, ps, "servers' CPU per delivery, µs (Σ CPU ÷ Σ `friend_location` sent)", p -> fixed(p.fleetCpuPerDeliveryMicros(), 1));
        line(md, ps, "servers reached per publish (Σ Pub/Sub received ÷ Σ published)", p -> fixed(p.serversPerPublish(), 2));
        line(md, ps, "Pub/Sub ring CPU, cores (all ring nodes)", p -> fixed(p.redisCores("ring"), 3));
        line(md, ps, "ring CPU per publish, µs", p -> fixed(MultiNodeResult.micros(p.redisCores("ring"), p.seconds(), p.published()), 2));
        line(md, ps, "ring CPU per server delivery, µs", p -> fixed(p.ringCpuPerServerDeliveryMicros(), 2));
        line(md, ps, "cache CPU, cores (all cache nodes)", p -> fixed(p.redisCores("cache"), 3));
        line(md, ps, "cache CPU per update, µs (masters)", p -> fixed(p.cacheCpuPerUpdateMicros(), 2));
        line(md, ps, "generator CPU, cores", p -> fixed(p.generatorCores(), 2));
        line(md, ps, "other processes (PostgreSQL, etcd, the rest of the machine), cores", p -> fixed(p.otherCores(), 2));
        line(md, ps, "machine busy", p -> percent(p.machineBusy()));
        line(md, ps, "generator schedule lag p99 / max, ms", p -> ms(p.scheduleLag().p99Ms()) + " / " + ms(p.scheduleLag().maxMs()));
        md.append('\n');
        if (r.idle() != null) {
            md.append("Server 0 before the first window: heap ").append(fixed(r.idle().heapPerConnectionKb(), 1))
                    .append(" KiB per idle initialised connection (").append(count(r.idle().connections()))
                    .append(" connections, live heap after a full GC), CPU ").append(fixed(r.idleCores(), 3))
                    .append(" cores with every connection open and nobody moving.\n\n");
        }
    }

    private static void perServer(StringBuilder md, MultiNodeResult.Phase p) {
        md.append("### Per server, ").append(p.servers()).append("-server window\n\n");
        md.append("| server | connections (end of window) | updates accepted | `friend_location` sent | published | Pub/Sub received | CPU, cores | JIT, cores | µs per update | µs per delivery |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (MultiNodeResult.ServerFigures s : p.perServer()) {
            md.append("| ").append(s.name()).append(" (pid ").append(s.pid()).append(") | ").append(count(s.connections()))
                    .append(" | ").append(c(s.updates())).append(" | ").append(c(s.deliveries())).append(" | ")
                    .append(c(s.published())).append(" | ").append(c(s.received())).append(" | ").append(fixed(s.cores(), 3))
                    .append(" | ").append(fixed(s.jitCores(), 3)).append(" | ").append(fixed(s.cpuPerUpdateMicros(p.seconds()), 1))
                    .append(" | ").append(fixed(s.cpuPerDeliveryMicros(p.seconds()), 1)).append(" |\n");
        }
        md.append('\n');
    }

    private static void redis(StringBuilder md, MultiNodeResult r) {
        List<MultiNodeResult.Phase> ps = phases(r);
        md.append("## Redis CPU per node\n\n| node | role |");
        for (MultiNodeResult.Phase p : ps) {
            md.append(' ').append(p.servers()).append(p.servers() == 1 ? " server, cores |" : " servers, cores |");
        }
        md.append("\n| --- | --- |").append(" ---: |".repeat(ps.size())).append('\n');
        for (int i = 0; i < ps.getFirst().redis().size(); i++) {
            MultiNodeResult.RedisFigures node = ps.getFirst().redis().get(i);
            md.append("| ").append(node.name()).append(" | ").append(node.role()).append(" |");
            for (MultiNodeResult.Phase p : ps) {
                md.append(' ').append(fixed(p.redis().get(i).cores(), 3)).append(" |");
            }
            md.append('\n');
        }
        md.append("\nRoles are those at the start of the run (a cache cluster's failover would swap them; none is provoked).");
        if (ps.getFirst().redis().stream().anyMatch(n -> n.role().equals("cache + ring"))) {
            md.append(" One redis-server carries both the cache and the Pub/Sub (--pubsub-nodes 0): its CPU is in both the ring's "
                    + "and the cache's figures above.");
        }
        md.append("\n\n");
    }

    private static void accounting(StringBuilder md, MultiNodeResult r) {
        List<MultiNodeResult.Phase> ps = phases(r);
        md.append("## Delivery accounting and errors\n\n| count |");
        for (MultiNodeResult.Phase p : ps) {
            md.append(' ').append(p.servers()).append(p.servers() == 1 ? " server |" : " servers |");
        }
        md.append("\n| --- |").append(" ---: |".repeat(ps.size())).append('\n');
        line(md, ps, "updates sent in the window", p -> count(p.exact().sent()));
        line(md, ps, "... accepted by the servers", p -> c(p.updates()));
        line(md, ps, "... published by the servers", p -> c(p.published()));
        line(md, ps, "expected deliveries of those updates", p -> count(p.exact().expected()));
        line(md, ps, "... delivered (first sightings, however late)", p -> count(p.exact().delivered()));
        line(md, ps, "`friend_location` sent by the servers in the window", p -> c(p.deliveries()));
        line(md, ps, "repeats / unknown updates", p -> count(p.counts().repeats()) + " / " + count(p.counts().unmatched()));
        line(md, ps, "`error` messages and client failures", p -> map(p.counts().errors()));
        line(md, ps, "close codes", p -> map(p.counts().closes()));
        line(md, ps, "send failures", p -> count(p.counts().sendFailures()));
        md.append('\n');
    }

    private static void line(StringBuilder md, List<MultiNodeResult.Phase> ps, String name,
                             java.util.function.Function<MultiNodeResult.Phase, String> cell) {
        md.append("| ").append(name).append(" |");
        for (MultiNodeResult.Phase p : ps) {
            md.append(' ').append(cell.apply(p)).append(" |");
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String lat(LatencySummary s) {
        return ms(s.p50Ms()) + " / " + ms(s.p99Ms()) + " / " + ms(s.p999Ms());
    }

    private static String c(double v) {
        return Double.isNaN(v) ? "n/a" : count(Math.round(v));
    }

    private static String load(double[] l) {
        return l == null ? "n/a" : fixed(l[0], 2) + " / " + fixed(l[1], 2) + " / " + fixed(l[2], 2);
    }

    private static <K> String map(Map<K, Long> m) {
        return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> "`" + e.getKey() + "` × " + count(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
