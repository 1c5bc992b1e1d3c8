package io.nearby.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link BenchResult} as Markdown: the tables of docs/benchmarks.md. Pure. */
final class Report {
    private Report() {
    }

    static String markdown(BenchResult r) {
        return markdown(r, List.of());
    }

    /** The report, linking the charts written next to it (relative file names). */
    static String markdown(BenchResult r, List<Charts.Written> charts) {
        StringBuilder md = new StringBuilder();
        md.append("# Nearby Friends benchmark — ").append(r.startedAt()).append("\n\n");
        md.append("Command: `").append(r.command()).append("`");
        if (r.workload().preset() != null) {
            md.append(" (preset `").append(r.workload().preset()).append("`)");
        }
        md.append("\n\n");
        md.append("Order of the run: Redis baseline → ").append(r.floor() == null ? "" : "stack floor → ")
                .append(r.sweep() == null ? "server." : "sweep (at each offered rate: "
                        + (r.floor() == null ? "" : "floor, then ") + "server).").append("\n\n");
        summary(md, r);
        machine(md, r);
        workload(md, r);
        headline(md, r);
        floor(md, r);
        sweep(md, r);
        resources(md, r);
        idle(md, r);
        accounting(md, r);
        errors(md, r);
        baseline(md, r.baseline());
        charts(md, charts);
        return md.toString();
    }

    // ------------------------------------------------------------------ the new sections

    /** The figures issue 11 sets targets for, with both baselines of the same run. */
    private static void summary(StringBuilder md, BenchResult r) {
        BenchResult.Phase s = r.serverPhase();
        BenchResult.Phase f = r.floor() == null ? null : r.floor().phase();
        BaselinePhase max = r.baseline() == null ? null : r.baseline().maxRate();
        BaselinePhase paced = r.baseline() == null ? null : r.baseline().paced();
        double redis = orZero(r.resources().redisCores());
        double seconds = r.load().seconds();
        double sPerUpdate = s.cpuPerUpdateMicros();
        double sPerDelivery = s.cpuPerDeliveryMicros();
        double sRedisPerUpdate = micros(r.resources().serverCores() + redis, seconds, s.updates());
        double sRedisPerDelivery = micros(r.resources().serverCores() + redis, seconds, s.deliveries());
        double fPerUpdate = f == null ? Double.NaN : f.cpuPerUpdateMicros();
        double fPerDelivery = f == null ? Double.NaN : f.cpuPerDeliveryMicros();
        double bPerDelivery = max == null ? Double.NaN : max.cpuPerDeliveryMicros();
        md.append("## Summary: the server against both baselines of this run\n\n");
        if (r.sweep() != null) {
            md.append("Figures of the sweep's first step (").append(rate(r.sweep().steps().getFirst().offeredPerSecond()))
                    .append(" updates/s offered); the sweep's result is below.\n\n");
        }
        md.append("| figure | Nearby server | stack floor | Redis baseline | server ÷ floor | server ÷ Redis baseline |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        md.append("| **CPU per update, µs** (server process; floor process; Redis + Jedis per publish→deliver at max rate) | ")
                .append(fixed(sPerUpdate, 1)).append(" | ").append(fixed(fPerUpdate, 1)).append(" | ").append(fixed(bPerDelivery, 1))
                .append(" | **").append(ratio(sPerUpdate, fPerUpdate)).append("** | — |\n");
        md.append("| **CPU per delivery, µs** (server process; floor process; Redis + Jedis) | ")
                .append(fixed(sPerDelivery, 1)).append(" | ").append(fixed(fPerDelivery, 1)).append(" | ").append(fixed(bPerDelivery, 1))
                .append(" | **").append(ratio(sPerDelivery, fPerDelivery)).append("** | — |\n");
        double sSteady = s.cpuPerUpdateWithoutJitMicros();
        double fSteady = f == null ? Double.NaN : f.cpuPerUpdateWithoutJitMicros();
        md.append("| CPU per update without the JIT compiler's threads (steady state), µs; their share of the window | ")
                .append(fixed(sSteady, 1)).append(" (JIT ").append(percent(s.jitShare())).append(") | ")
                .append(f == null ? "n/a" : fixed(fSteady, 1) + " (JIT " + percent(f.jitShare()) + ")")
                .append(" | — | ").append(ratio(sSteady, fSteady)).append(" | — |\n");
        md.append("| CPU per update incl. the server's Redis, µs | ").append(fixed(sRedisPerUpdate, 1)).append(" | ")
                .append(fixed(fPerUpdate, 1)).append(" | ").append(fixed(bPerDelivery, 1)).append(" | ")
                .append(ratio(sRedisPerUpdate, fPerUpdate)).append(" | ").append(ratio(sRedisPerUpdate, bPerDelivery)).append(" |\n");
        md.append("| CPU per delivery incl. the server's Redis, µs | ").append(fixed(sRedisPerDelivery, 1)).append(" | ")
                .append(fixed(fPerDelivery, 1)).append(" | ").append(fixed(bPerDelivery, 1)).append(" | ")
                .append(ratio(sRedisPerDelivery, fPerDelivery)).append(" | ").append(ratio(sRedisPerDelivery, bPerDelivery)).append(" |\n");
        md.append("| **deliveries/s per core** (of the process; Redis baseline: per core of Redis + Jedis) | ")
                .append(rate(s.deliveriesPerCore())).append(" | ").append(f == null ? "n/a" : rate(f.deliveriesPerCore()))
                .append(" | ").append(rate(1e6 / bPerDelivery)).append(" | ")
                .append(ratio(s.deliveriesPerCore(), f == null ? Double.NaN : f.deliveriesPerCore())).append(" | — |\n");
        LatencySummary sl = r.load().endToEnd();
        LatencySummary fl = f == null ? LatencySummary.NONE : f.load().endToEnd();
        LatencySummary bl = paced == null ? LatencySummary.NONE : paced.latency();
        String at = paced == null ? "" : " (baseline paced at " + rate(paced.offeredPerSecond()) + "/s)";
        md.append("| end-to-end p50, ms").append(at).append(" | ").append(ms(sl.p50Ms())).append(" | ").append(ms(fl.p50Ms()))
                .append(" | ").append(ms(bl.p50Ms())).append(" | ").append(ratio(sl.p50Ms(), fl.p50Ms())).append(" | ")
                .append(ratio(sl.p50Ms(), bl.p50Ms())).append(" |\n");
        md.append("| **end-to-end p99, ms** | ").append(ms(sl.p99Ms())).append(" | ").append(ms(fl.p99Ms()))
                .append(" | ").append(ms(bl.p99Ms())).append(" | ").append(ratio(sl.p99Ms(), fl.p99Ms())).append(" | **")
                .append(ratio(sl.p99Ms(), bl.p99Ms())).append("** |\n");
        md.append("| delivered share of expected (exact) | ").append(percent2(r.load().exact().deliveredShare())).append(" | ")
                .append(f == null ? "n/a" : percent2(f.load().exact().deliveredShare())).append(" | ")
                .append(paced == null ? "n/a" : percent2(paced.published() == 0 ? Double.NaN : (double) paced.delivered() / paced.published()))
                .append(" | — | — |\n");
        BenchResult.IdleMemory si = r.idle();
        BenchResult.IdleMemory fi = r.floor() == null ? null : r.floor().idle();
        md.append("| **heap per idle initialised connection**, after a full GC (RSS beside it) | ").append(idleCell(si))
                .append(" | ").append(idleCell(fi)).append(" | — | ")
                .append(ratio(si == null ? Double.NaN : si.heapPerConnectionKb(), fi == null ? Double.NaN : fi.heapPerConnectionKb()))
                .append(" | — |\n\n");
        md.append("Server figures are the server process alone unless a row says otherwise; the floor is a bare Helidon ")
                .append("WebSocket forwarder driven by the same clients with the same deliveries per update; the Redis ")
                .append("baseline's one publish is one delivery, so its per-update and per-delivery costs are the same figure. ")
                .append("Deliveries per core: deliveries/s ÷ the process's CPU in cores.\n\n");
    }

    private static String idleCell(BenchResult.IdleMemory m) {
        if (m == null || m.connections() == 0) {
            return "n/a";
        }
        return kib(m.heapPerConnectionKb()) + " (RSS " + kib(m.rssPerConnectionKb()) + ")";
    }

    private static void floor(StringBuilder md, BenchResult r) {
        BenchResult.Floor f = r.floor();
        md.append("## Server vs the stack floor (same run, same clients)\n\n");
        if (f == null) {
            md.append("Not measured (--no-floor).\n\n");
            return;
        }
        BenchResult.Phase s = r.serverPhase();
        BenchResult.Phase p = f.phase();
        BenchResult.LoadWindow sl = s.load();
        BenchResult.LoadWindow fl = p.load();
        int cpus = r.machine().cpus();
        md.append("The floor: ").append(f.label()).append(", a minimal Helidon WebSocket server that forwards each ")
                .append("received frame unchanged, by a plain `send` on the sender's connection thread, to the sender's ")
                .append("friends within the radius (").append(fixed(f.planMeanTargets(), 2))
                .append(" per frame on average) — what the server delivers per update, without Redis, JSON, sessions or ")
                .append("filtering. Same clients, population, offered rate, warm-up and window; ")
                .append(count(f.connected())).append(" connections (").append(fixed(f.connectSeconds(), 1)).append(" s).\n\n");
        md.append("| figure | Nearby server | stack floor | server ÷ floor |\n| --- | ---: | ---: | ---: |\n");
        ratioRow(md, "location updates/s (sent by the clients)", rate(sl.sentPerSecond()), rate(fl.sentPerSecond()),
                sl.sentPerSecond(), fl.sentPerSecond());
        ratioRow(md, "deliveries/s (frames received by the clients)", rate(sl.deliveriesPerSecond()), rate(fl.deliveriesPerSecond()),
                sl.deliveriesPerSecond(), fl.deliveriesPerSecond());
        md.append("| delivered share of expected (exact) | ").append(percent2(sl.exact().deliveredShare())).append(" | ")
                .append(percent2(fl.exact().deliveredShare())).append(" | — |\n");
        latencyRow(md, "end-to-end latency p50, ms", sl.endToEnd().p50Ms(), fl.endToEnd().p50Ms());
        latencyRow(md, "end-to-end latency p99, ms", sl.endToEnd().p99Ms(), fl.endToEnd().p99Ms());
        latencyRow(md, "end-to-end latency p99.9, ms", sl.endToEnd().p999Ms(), fl.endToEnd().p999Ms());
        latencyRow(md, "end-to-end latency max, ms", sl.endToEnd().maxMs(), fl.endToEnd().maxMs());
        ratioRow(md, "process CPU, cores", fixed(s.resources().serverCores(), 2), fixed(p.resources().serverCores(), 2),
                s.resources().serverCores(), p.resources().serverCores());
        ratioRow(md, "**CPU per update (received frame), µs**, all-in", fixed(s.cpuPerUpdateMicros(), 1),
                fixed(p.cpuPerUpdateMicros(), 1), s.cpuPerUpdateMicros(), p.cpuPerUpdateMicros());
        ratioRow(md, "CPU per update without the JIT compiler's threads, µs", fixed(s.cpuPerUpdateWithoutJitMicros(), 1),
                fixed(p.cpuPerUpdateWithoutJitMicros(), 1), s.cpuPerUpdateWithoutJitMicros(), p.cpuPerUpdateWithoutJitMicros());
        md.append("| JIT compiler threads' share of the process CPU in the window | ").append(percent(s.jitShare()))
                .append(" | ").append(percent(p.jitShare())).append(" | — |\n");
        ratioRow(md, "**CPU per delivery (forwarded frame), µs**, all-in", fixed(s.cpuPerDeliveryMicros(), 1),
                fixed(p.cpuPerDeliveryMicros(), 1), s.cpuPerDeliveryMicros(), p.cpuPerDeliveryMicros());
        ratioRow(md, "updates/s per core", rate(1e6 / s.cpuPerUpdateMicros()), rate(1e6 / p.cpuPerUpdateMicros()),
                1e6 / s.cpuPerUpdateMicros(), 1e6 / p.cpuPerUpdateMicros());
        ratioRow(md, "deliveries/s per core", rate(s.deliveriesPerCore()), rate(p.deliveriesPerCore()),
                s.deliveriesPerCore(), p.deliveriesPerCore());
        ratioRow(md, "RSS at the end of the window", mib(s.resources().serverRssEndKb()), mib(p.resources().serverRssEndKb()),
                s.resources().serverRssEndKb(), p.resources().serverRssEndKb());
        md.append("| threads (end) | ").append(threads(s.resources().serverThreads())).append(" | ")
                .append(threads(p.resources().serverThreads())).append(" | — |\n");
        md.append("| generator CPU (this JVM) | ").append(fixed(s.resources().generatorCores(), 2)).append(" cores | ")
                .append(fixed(p.resources().generatorCores(), 2)).append(" cores | — |\n");
        md.append("| whole machine busy | ").append(percent(s.resources().machineBusy())).append(" of ").append(cpus)
                .append(" CPUs | ").append(percent(p.resources().machineBusy())).append(" of ").append(cpus).append(" CPUs | — |\n\n");
        md.append("Floor counters over its window: ").append(counter(fl, "floor_received_total")).append(" frames received, ")
                .append(counter(fl, "floor_forwarded_total")).append(" forwarded, ").append(counter(fl, "floor_send_failures_total"))
                .append(" failed sends; its clients: ").append(count(fl.exact().sent())).append(" updates sent in the window, ")
                .append(count(fl.exact().expected())).append(" deliveries expected, ").append(count(fl.exact().delivered()))
                .append(" arrived, ").append(count(fl.wholeRun().repeats())).append(" repeats, ")
                .append(count(fl.wholeRun().unmatched())).append(" unknown, errors ").append(map(fl.wholeRun().errors()))
                .append(".\n\n");
        md.append("CPU per update and per delivery are both all-in (each divides the whole process CPU); to split the floor ")
                .append("into a cost per received and per forwarded frame, compare two runs with different deliveries per ")
                .append("update (e.g. the default and the seed preset).\n\n");
    }

    private static void sweep(StringBuilder md, BenchResult r) {
        BenchResult.SweepResult sw = r.sweep();
        if (sw == null) {
            return;
        }
        md.append("## Saturation sweep\n\n");
        double best = sw.highestPassingRate();
        md.append("**Highest offered rate that passed: ").append(Double.isNaN(best) ? "none" : rate(best) + " updates/s")
                .append("** (a step passes when the clients sent ≥ ").append(percent(Sweep.MIN_ACHIEVED))
                .append(" of the offered rate, ≥ ").append(percent2(sw.rule().minDelivered()))
                .append(" of the expected deliveries arrived and the end-to-end p99 was < ").append(ms(sw.rule().maxP99Ms()))
                .append(" ms). Stopped: ").append(sw.stopReason()).append(".\n\n");
        md.append("Steps of ×").append(fixed(sw.factor(), 2)).append(" in offered rate, each ")
                .append(DurationText.format(r.workload().warmup())).append(" of warm-up and a window of ")
                .append(DurationText.format(r.workload().duration()))
                .append(" (cut short when under ").append(percent(Sweep.ABORT_BELOW_SHARE)).append(" of the expected deliveries had arrived after ")
                .append(fixed(Sweep.ABORT_AFTER_SECONDS, 0)).append(" s), the floor's window before the server's at each rate.\n\n");
        md.append("| step | offered updates/s | sent/s | delivered of expected | p50 / p99 ms | server cores | µs per update | µs per delivery | deliveries/s per core | floor µs per update | floor p50 / p99 ms | schedule lag p99 ms | verdict |\n");
        md.append("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |\n");
        for (BenchResult.SweepStep st : sw.steps()) {
            BenchResult.Phase s = st.server();
            BenchResult.LoadWindow l = s.load();
            md.append("| ").append(st.index() + 1).append(" | ").append(rate(st.offeredPerSecond())).append(" | ")
                    .append(rate(l.exact().sent() / l.seconds())).append(" | ").append(percent2(l.exact().deliveredShare()))
                    .append(" | ").append(ms(l.endToEnd().p50Ms())).append(" / ").append(ms(l.endToEnd().p99Ms())).append(" | ")
                    .append(fixed(s.resources().serverCores(), 2)).append(" | ").append(fixed(s.cpuPerUpdateMicros(), 1))
                    .append(" | ").append(fixed(s.cpuPerDeliveryMicros(), 1)).append(" | ").append(rate(s.deliveriesPerCore()))
                    .append(" | ");
            if (st.floor() == null) {
                md.append("— | — | ");
            } else {
                BenchResult.LoadWindow fl = st.floor().load();
                md.append(fixed(st.floor().cpuPerUpdateMicros(), 1)).append(st.floorVerdict().passed() ? "" : " (failed)")
                        .append(" | ").append(ms(fl.endToEnd().p50Ms())).append(" / ").append(ms(fl.endToEnd().p99Ms())).append(" | ");
            }
            md.append(ms(l.scheduleLag().p99Ms())).append(" | ")
                    .append(st.verdict().passed() ? "pass" : "**fail**: " + st.verdict().reason()).append(" |\n");
        }
        md.append('\n');
        for (BenchResult.SweepStep st : sw.steps()) {
            if (st.floorVerdict() != null && !st.floorVerdict().passed()) {
                md.append("The floor failed at ").append(rate(st.offeredPerSecond())).append(" updates/s (")
                        .append(st.floorVerdict().reason()).append("), so it was not measured at higher rates.\n\n");
            }
        }
    }

    private static void charts(StringBuilder md, List<Charts.Written> charts) {
        if (charts.isEmpty()) {
            return;
        }
        md.append("## Charts\n\n");
        for (Charts.Written c : charts) {
            md.append("![").append(c.caption()).append("](").append(c.file()).append(")\n\n");
        }
    }

    private static void ratioRow(StringBuilder md, String name, String server, String floor, double a, double b) {
        md.append("| ").append(name).append(" | ").append(server).append(" | ").append(floor).append(" | ")
                .append(ratio(a, b)).append(" |\n");
    }

    private static String threads(int n) {
        return n < 0 ? "n/a" : Integer.toString(n);
    }

    private static double micros(double cores, double seconds, double events) {
        return cpuMicrosPer(cores, seconds, events);
    }

    private static void machine(StringBuilder md, BenchResult r) {
        MachineFacts m = r.machine();
        md.append("## Machine\n\n| fact | value |\n| --- | --- |\n");
        row(md, "CPUs (nproc)", Integer.toString(m.cpus()));
        row(md, "CPU model", m.cpuModel());
        row(md, "memory", m.memTotalKb() > 0 ? fixed(m.memTotalKb() / 1024.0 / 1024.0, 1) + " GiB" : "?");
        row(md, "kernel", m.kernel());
        row(md, "Java (generator and started server)", m.java());
        row(md, "load average before (1 / 5 / 15 min)", load(r.loadBefore()));
        row(md, "load average after (1 / 5 / 15 min)", load(r.loadAfter()));
        md.append('\n');
    }

    private static void workload(StringBuilder md, BenchResult r) {
        BenchResult.Workload w = r.workload();
        md.append("## Workload\n\n| parameter | value |\n| --- | --- |\n");
        row(md, "users (one WebSocket each)", count(w.users()));
        row(md, "friends per user (target / actual mean)", w.friendsTarget() + " / " + fixed(w.meanFriends(), 2));
        row(md, "friends within the radius (target / measured)", fixed(w.nearFriendsTarget(), 2) + " / "
                + fixed(w.meanNearFriends(), 2) + " per user (" + percent(w.nearFractionMeasured())
                + " of friends) — the deliveries each update must produce");
        row(md, "friends far away (each one a filter check for the server, no delivery)",
                fixed(w.meanFriends() - w.meanNearFriends(), 2) + " per user");
        row(md, "neighbourhood size (people always within the radius of each other)", Integer.toString(w.hoodSize()));
        row(md, "update period", DurationText.format(w.period()) + " ± " + percent(w.jitter()) + " → offered "
                + rate(w.offeredPerSecond()) + " updates/s");
        row(md, "warm-up / measured window", DurationText.format(w.warmup()) + " / " + DurationText.format(w.duration()));
        row(md, "radius", fixed(w.radiusMiles(), 1) + " mi");
        row(md, "server", w.server() + (w.serverJvmArgs().isEmpty() ? "" : " (`" + w.serverJvmArgs() + "`)"));
        if (w.preset() != null) {
            row(md, "preset", "`" + w.preset() + "`");
        }
        md.append('\n');
    }

    private static void headline(StringBuilder md, BenchResult r) {
        BenchResult.LoadWindow l = r.load();
        BaselinePhase max = r.baseline() == null ? null : r.baseline().maxRate();
        BaselinePhase paced = r.baseline() == null ? null : r.baseline().paced();
        md.append("## Server vs raw Redis baseline (same run, same machine)\n\n");
        md.append("| figure | Nearby server | Redis PUBLISH→SUBSCRIBE | server ÷ baseline |\n| --- | ---: | ---: | ---: |\n");
        double maxPub = max == null ? Double.NaN : max.publishedPerSecond();
        double maxDel = max == null ? Double.NaN : max.deliveredPerSecond();
        md.append("| location updates/s (server: sent by clients; baseline: PUBLISH at max rate) | ")
                .append(rate(l.sentPerSecond())).append(" | ").append(rate(maxPub)).append(" | ")
                .append(ratio(l.sentPerSecond(), maxPub)).append(" |\n");
        md.append("| deliveries/s (server: friend_location received; baseline: messages received at max rate) | ")
                .append(rate(l.deliveriesPerSecond())).append(" | ").append(rate(maxDel)).append(" | ")
                .append(ratio(l.deliveriesPerSecond(), maxDel)).append(" |\n");
        LatencySummary s = l.endToEnd();
        LatencySummary b = paced == null ? LatencySummary.NONE : paced.latency();
        String at = paced == null ? "" : " (baseline paced at " + rate(paced.offeredPerSecond()) + "/s)";
        latencyRow(md, "end-to-end latency p50, ms" + at, s.p50Ms(), b.p50Ms());
        latencyRow(md, "end-to-end latency p99, ms", s.p99Ms(), b.p99Ms());
        latencyRow(md, "end-to-end latency p99.9, ms", s.p999Ms(), b.p999Ms());
        latencyRow(md, "end-to-end latency max, ms", s.maxMs(), b.maxMs());
        double serverCpuPerDelivery = cpuMicrosPer(r.resources().serverCores() + orZero(r.resources().redisCores()),
                l.seconds(), l.counts().friendLocations());
        double baseCpuPerDelivery = max == null ? Double.NaN
                : cpuMicrosPer(orZero(max.redisCores()) + max.clientCores(), max.seconds(), max.delivered());
        md.append("| CPU per delivery, µs (server: server + Redis; baseline: Redis + Jedis clients, max rate) | ")
                .append(fixed(serverCpuPerDelivery, 1)).append(" | ").append(fixed(baseCpuPerDelivery, 2)).append(" | ")
                .append(ratio(serverCpuPerDelivery, baseCpuPerDelivery)).append(" |\n\n");
        md.append("Latency samples: ").append(count(s.count())).append(" (server run: every delivery of an update sent in ")
                .append("the window), ")
                .append(count(b.count())).append(" (baseline, paced). A server delivery is one `friend_location` frame ")
                .append("at a client; a baseline delivery is one Pub/Sub message at the subscriber. Every server update ")
                .append("costs one PUBLISH and one Pub/Sub delivery to the server before its fan-out.\n\n");
    }

    private static void resources(StringBuilder md, BenchResult r) {
        BenchResult.Resources x = r.resources();
        BenchResult.LoadWindow l = r.load();
        int cpus = r.machine().cpus();
        md.append("## CPU and memory during the measured window\n\n| what | value |\n| --- | --- |\n");
        row(md, "server CPU", cores(x.serverCores(), cpus));
        double accepted = l.serverCounter("nearby_location_updates_total");
        double updates = Double.isNaN(accepted) ? l.counts().sent() : accepted;
        double perUpdate = cpuMicrosPer(x.serverCores(), l.seconds(), updates);
        double perDelivery = cpuMicrosPer(x.serverCores(), l.seconds(), l.counts().friendLocations());
        row(md, "server CPU with every connection open, nobody moving (before the warm-up)", cores(x.serverIdleCores(), cpus));
        row(md, "server CPU per update, all-in (incl. its fan-out)", fixed(perUpdate, 1) + " µs → "
                + rate(1e6 / perUpdate) + " updates/s per core");
        double marginal = cpuMicrosPer(x.serverCores() - x.serverIdleCores(), l.seconds(), updates);
        row(md, "server CPU per update, above the idle CPU", fixed(marginal, 1) + " µs → " + rate(1e6 / marginal) + " updates/s per core");
        row(md, "server CPU per delivery, all-in", fixed(perDelivery, 1) + " µs → " + rate(1e6 / perDelivery) + " deliveries/s per core");
        row(md, "server RSS at start / end of the window", mib(x.serverRssStartKb()) + " / " + mib(x.serverRssEndKb()));
        row(md, "server threads (end)", x.serverThreads() < 0 ? "n/a" : Integer.toString(x.serverThreads()));
        row(md, "Redis CPU", cores(x.redisCores(), cpus));
        row(md, "generator CPU (this JVM: clients, schedule, bookkeeping)", cores(x.generatorCores(), cpus));
        double others = x.machineBusy() * cpus - x.serverCores() - orZero(x.redisCores()) - x.generatorCores();
        row(md, "whole machine busy (all processes)", Double.isNaN(x.machineBusy()) ? "n/a"
                : percent(x.machineBusy()) + " of " + cpus + " CPUs; other processes ≈ " + fixed(Math.max(0, others), 2) + " cores");
        md.append('\n');
    }

    private static void idle(StringBuilder md, BenchResult r) {
        BenchResult.IdleMemory m = r.idle();
        md.append("## Memory per idle connection\n\n");
        if (m == null || m.connections() == 0) {
            md.append("Not measured (--idle-connections 0).\n\n");
            return;
        }
        md.append("| what | 0 connections | ").append(count(m.connections())).append(" idle connections (init only) | per connection |\n");
        md.append("| --- | ---: | ---: | ---: |\n");
        idleRows(md, "server", m);
        BenchResult.IdleMemory f = r.floor() == null ? null : r.floor().idle();
        if (f != null && f.connections() > 0) {
            idleRows(md, "stack floor", f);
        }
        md.append('\n');
        md.append("RSS only grows (the JVM keeps heap it has committed), so the heap figure is the sharper one; kernel ")
                .append("socket buffers are not in either. The floor's connections hold only Helidon's own state: its ")
                .append("figure is what any server on this stack pays per connection.\n\n");
    }

    private static void idleRows(StringBuilder md, String who, BenchResult.IdleMemory m) {
        md.append("| ").append(who).append(" RSS | ").append(mib(m.rssBeforeKb())).append(" | ").append(mib(m.rssAfterKb())).append(" | ")
                .append(kib(m.rssPerConnectionKb())).append(" |\n");
        md.append("| ").append(who).append(" heap in use").append(m.gcForced() ? " (live objects after a full GC: `jcmd GC.class_histogram` total)" : " (no forced GC: not this machine's process)")
                .append(" | ").append(mib(m.heapBeforeBytes() / 1024)).append(" | ").append(mib(m.heapAfterBytes() / 1024))
                .append(" | ").append(kib(m.heapPerConnectionKb())).append(" |\n");
    }

    private static void accounting(StringBuilder md, BenchResult r) {
        BenchResult.LoadWindow l = r.load();
        LoadCounters.Snapshot c = l.counts();
        md.append("## Delivery accounting (measured window)\n\n| count | value |\n| --- | ---: |\n");
        row(md, "location updates sent by the clients", count(c.sent()));
        row(md, "... accepted by the server (`nearby_location_updates_total`)", counter(l, "nearby_location_updates_total"));
        row(md, "... published by the server (`nearby_pubsub_published_total`)", counter(l, "nearby_pubsub_published_total"));
        row(md, "... lost: PUBLISH failed (`nearby_pubsub_publish_failures_total`)", counter(l, "nearby_pubsub_publish_failures_total"));
        row(md, "... cache writes failed (`nearby_cache_failures_total`)", counter(l, "nearby_cache_failures_total"));
        row(md, "Pub/Sub messages the server received (`nearby_pubsub_received_total`)", counter(l, "nearby_pubsub_received_total"));
        LoadCounters.Exact x = l.exact();
        row(md, "updates sent in the window (exact accounting)", count(x.sent()));
        row(md, "expected deliveries (for each, the sender's connected friends within the radius)", count(x.expected()));
        row(md, "... delivered: first sightings of those updates at those friends, however late (until the drain)",
                count(x.delivered()) + " = " + percent2(x.deliveredShare()));
        row(md, "`friend_location` sent by the server (`nearby_fanout_deliveries_total`)", counter(l, "nearby_fanout_deliveries_total"));
        row(md, "`friend_location` received by the clients (during the window)", count(c.friendLocations()));
        row(md, "... first sighting of an update in the send log (any update; during the window)", count(c.matched()));
        row(md, "... repeats of an update already seen", count(c.repeats()));
        row(md, "... updates not in the send log", count(c.unmatched()));
        row(md, "`friend_gone` received", count(c.friendGone()));
        row(md, "other messages (`pong`, unknown types such as `cadence`: ignored)", count(c.otherMessages()));
        row(md, "generator schedule lag p99 / max (how late sends left)", ms(l.scheduleLag().p99Ms()) + " / " + ms(l.scheduleLag().maxMs()) + " ms");
        row(md, "history points written / dropped", counter(l, "nearby_history_written_total") + " / " + counter(l, "nearby_history_dropped_total"));
        md.append('\n');
    }

    private static void errors(StringBuilder md, BenchResult r) {
        BenchResult.Setup s = r.setup();
        LoadCounters.Snapshot all = r.load().wholeRun();
        md.append("## Setup, errors and close codes\n\n| what | value |\n| --- | --- |\n");
        row(md, "REST setup (profiles, sharing, friendships)", count(s.restRequests()) + " requests in " + fixed(s.restSeconds(), 1)
                + " s, " + count(s.restRetries()) + " retried");
        row(md, "WebSockets opened and initialised / failed", count(s.connected()) + " / " + count(s.connectFailures())
                + " (" + fixed(s.connectSeconds(), 1) + " s)");
        row(md, "`error` messages and client failures, measured window", map(r.load().counts().errors()));
        row(md, "`error` messages and client failures, whole run", map(all.errors()));
        row(md, "close codes received, whole run (before the generator's own close)", map(all.closes()));
        row(md, "send failures, whole run", count(all.sendFailures()));
        row(md, "server-rejected messages in the window (`nearby_ws_rejected_total`)", counter(r.load(), "nearby_ws_rejected_total"));
        row(md, "failed PUBLISHes since the server started, setup included (`nearby_pubsub_publish_failures_total`)",
                total(r.load(), "nearby_pubsub_publish_failures_total"));
        md.append('\n');
    }

    private static void baseline(StringBuilder md, BenchResult.Baseline b) {
        md.append("## Redis baseline detail\n\n");
        if (b == null) {
            md.append("Not measured.\n\n");
            return;
        }
        md.append("One Jedis subscriber connection holding ").append(count(b.channels()))
                .append(" channels (a user and a control channel per simulated user, as the server holds), ")
                .append(b.publishers()).append(" Jedis publisher connections publishing synchronously ~75-byte messages of the server's own form (`L|<id>|lat,lon,ts,nanoTime`) to random user channels.\n\n");
        md.append("| figure | max rate | paced |\n| --- | ---: | ---: |\n");
        BaselinePhase m = b.maxRate();
        BaselinePhase p = b.paced();
        md.append("| offered publishes/s | as fast as Redis answers | ").append(rate(p.offeredPerSecond())).append(" |\n");
        md.append("| published/s | ").append(rate(m.publishedPerSecond())).append(" | ").append(rate(p.publishedPerSecond())).append(" |\n");
        md.append("| delivered/s | ").append(rate(m.deliveredPerSecond())).append(" | ").append(rate(p.deliveredPerSecond())).append(" |\n");
        md.append("| latency p50 / p99 / p99.9 / max, ms | ").append(lat(m.latency())).append(" | ").append(lat(p.latency())).append(" |\n");
        md.append("| Redis CPU, cores | ").append(fixed(m.redisCores(), 2)).append(" | ").append(fixed(p.redisCores(), 2)).append(" |\n");
        md.append("| Jedis clients (this JVM) CPU, cores | ").append(fixed(m.clientCores(), 2)).append(" | ").append(fixed(p.clientCores(), 2)).append(" |\n\n");
    }

    // ------------------------------------------------------------------ formatting

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static void latencyRow(StringBuilder md, String name, double server, double base) {
        md.append("| ").append(name).append(" | ").append(ms(server)).append(" | ").append(ms(base)).append(" | ")
                .append(ratio(server, base)).append(" |\n");
    }

    private static String lat(LatencySummary s) {
        return ms(s.p50Ms()) + " / " + ms(s.p99Ms()) + " / " + ms(s.p999Ms()) + " / " + ms(s.maxMs());
    }

    private static String counter(BenchResult.LoadWindow l, String name) {
        double v = l.serverCounter(name);
        return Double.isNaN(v) ? "n/a" : count(Math.round(v));
    }

    private static String total(BenchResult.LoadWindow l, String name) {
        Double v = l.serverTotals().get(name);
        return v == null ? "n/a" : count(Math.round(v));
    }

    private static double cpuMicrosPer(double cores, double seconds, double events) {
        return events <= 0 || Double.isNaN(cores) ? Double.NaN : cores * seconds * 1e6 / events;
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** {@code a ÷ b} as {@code 0.0123×}, three significant digits; n/a when either is unknown or b is 0. */
    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "n/a";
        }
        double q = a / b;
        return new java.math.BigDecimal(q).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString() + "×";
    }

    /** Rates: grouped integers from 100 up, one decimal below. */
    static String rate(double perSecond) {
        if (Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            return "n/a";
        }
        return perSecond >= 100 ? String.format(Locale.ROOT, "%,.0f", perSecond) : fixed(perSecond, 1);
    }

    /** Milliseconds with three significant digits (at least 0.001). */
    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        if (millis >= 100) {
            return String.format(Locale.ROOT, "%,.0f", millis);
        }
        return millis >= 10 ? fixed(millis, 1) : millis >= 1 ? fixed(millis, 2) : fixed(millis, 3);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : fixed(share * 100, 1) + "%";
    }

    /** A share with two decimals (99.90%), for delivered-of-expected figures near 100%. */
    static String percent2(double share) {
        return Double.isNaN(share) ? "n/a" : fixed(share * 100, 2) + "%";
    }

    private static String cores(double cores, int cpus) {
        return Double.isNaN(cores) ? "n/a" : fixed(cores, 2) + " cores (" + percent(cores / cpus) + " of the machine)";
    }

    private static String mib(double kb) {
        return kb < 0 || Double.isNaN(kb) ? "n/a" : fixed(kb / 1024, 1) + " MiB";
    }

    private static String kib(double kb) {
        return Double.isNaN(kb) ? "n/a" : fixed(kb, 1) + " KiB";
    }

    private static String load(double[] l) {
        return l == null ? "n/a" : fixed(l[0], 2) + " / " + fixed(l[1], 2) + " / " + fixed(l[2], 2);
    }

    private static <K> String map(Map<K, Long> m) {
        return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> "`" + e.getKey() + "` × " + count(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
