package io.nearby.loadgen;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link BenchResult} as Markdown: the tables of docs/benchmarks.md. Pure. */
final class Report {
    private Report() {
    }

    static String markdown(BenchResult r) {
        StringBuilder md = new StringBuilder();
        md.append("# Nearby Friends benchmark — ").append(r.startedAt()).append("\n\n");
        md.append("Command: `").append(r.command()).append("`\n\n");
        machine(md, r);
        workload(md, r);
        headline(md, r);
        resources(md, r);
        idle(md, r.idle());
        accounting(md, r);
        errors(md, r);
        baseline(md, r.baseline());
        return md.toString();
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
        row(md, "friends within the radius (target / measured share)", percent(w.nearFractionTarget()) + " / "
                + percent(w.nearFractionMeasured()) + " = " + fixed(w.meanNearFriends(), 2) + " per user");
        row(md, "update period", DurationText.format(w.period()) + " ± " + percent(w.jitter()) + " → offered "
                + rate(w.offeredPerSecond()) + " updates/s");
        row(md, "warm-up / measured window", DurationText.format(w.warmup()) + " / " + DurationText.format(w.duration()));
        row(md, "radius", fixed(w.radiusMiles(), 1) + " mi");
        row(md, "server", w.server() + (w.serverJvmArgs().isEmpty() ? "" : " (`" + w.serverJvmArgs() + "`)"));
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
        md.append("Latency samples: ").append(count(s.count())).append(" (server run), ")
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

    private static void idle(StringBuilder md, BenchResult.IdleMemory m) {
        md.append("## Memory per idle connection\n\n");
        if (m == null || m.connections() == 0) {
            md.append("Not measured (--idle-connections 0).\n\n");
            return;
        }
        md.append("| what | 0 connections | ").append(count(m.connections())).append(" idle connections (init only) | per connection |\n");
        md.append("| --- | ---: | ---: | ---: |\n");
        md.append("| server RSS | ").append(mib(m.rssBeforeKb())).append(" | ").append(mib(m.rssAfterKb())).append(" | ")
                .append(kib(m.rssPerConnectionKb())).append(" |\n");
        md.append("| server heap in use").append(m.gcForced() ? " after a full GC (`jcmd GC.run`)" : " (no forced GC: not this machine's process)")
                .append(" | ").append(mib(m.heapBeforeBytes() / 1024)).append(" | ").append(mib(m.heapAfterBytes() / 1024))
                .append(" | ").append(kib(m.heapPerConnectionKb())).append(" |\n\n");
        md.append("RSS only grows (the JVM keeps heap it has committed), so the heap figure is the sharper one; kernel ")
                .append("socket buffers are not in either.\n\n");
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
        row(md, "expected deliveries (updates × friends within the radius)", count(Math.round(c.sent() * r.workload().meanNearFriends())));
        row(md, "`friend_location` sent by the server (`nearby_fanout_deliveries_total`)", counter(l, "nearby_fanout_deliveries_total"));
        row(md, "`friend_location` received by the clients", count(c.friendLocations()));
        row(md, "... first sighting of an update in the send log (= latency samples)", count(c.matched()));
        row(md, "... repeats of an update already seen", count(c.repeats()));
        row(md, "... updates not in the send log", count(c.unmatched()));
        row(md, "`friend_gone` received", count(c.friendGone()));
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
