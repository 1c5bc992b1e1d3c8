package io.nearby.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The cadence benchmark's figures and their Markdown report. Pure. */
final class CadenceReport {
    /** The seed's location updates per second (10M users, one update every 30 s). */
    static final double SEED_UPDATES_PER_SECOND = 334_000;

    private CadenceReport() {
    }

    /**
     * One phase. Times in world seconds (the product's), except {@code wallSeconds}.
     *
     * @param sent         updates sent within the window
     * @param cadences     cadence messages received by interval asked for, in server seconds (world = × factor)
     * @param serverCores  the server's CPU over the window, cores of this machine (NaN when unknown)
     */
    record Phase(String label, boolean honours, int connected, long sent, double worldSeconds, double wallSeconds,
                 Map<Integer, Long> cadences, DetectionLog.Result detections, long errors, long closes, double serverCores) {
        double updatesPerUserPerMinute() {
            return connected == 0 ? Double.NaN : sent / (double) connected / (worldSeconds / 60);
        }

        /** Mean world seconds between two updates of one user. */
        double meanIntervalSeconds() {
            return 60 / updatesPerUserPerMinute();
        }

        long cadenceMessages() {
            return cadences.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    record Result(String command, String startedAt, String machine, int users, int cities, int friendships,
                  int sameCityFriendships, double radiusMiles, int timeFactor, long warmupWorldSeconds,
                  long windowWorldSeconds, List<Phase> phases) {
        /** Updates per user and minute with the cadence honoured ÷ without. */
        double ratio() {
            return phases.get(1).updatesPerUserPerMinute() / phases.get(0).updatesPerUserPerMinute();
        }
    }

    static String markdown(Result r) {
        Phase a = r.phases().get(0);
        Phase b = r.phases().get(1);
        StringBuilder md = new StringBuilder();
        md.append("# Adaptive cadence benchmark, ").append(r.startedAt()).append("\n\n");
        md.append("Command: `").append(r.command()).append("`  \n");
        md.append("Machine: ").append(r.machine()).append("  \n");
        md.append(String.format(Locale.ROOT, "World: %,d users in %d cities 200 km apart, %,d friendships (%,d within a city), "
                        + "radius %s miles; half stand still, a quarter walk (3–6 km/h), a quarter drive (20–60 km/h) on circles "
                        + "around their homes. Time runs %d× faster than the product's and the server is configured to match "
                        + "(normal period %d s, longest %d s, closing speed %d km/h, inactivity %d s); every time below is the "
                        + "product's. Warm-up %d s, window %d s per phase; the same server and population, fresh connections.%n%n",
                r.users(), r.cities(), r.friendships(), r.sameCityFriendships(), Report.fixed(r.radiusMiles(), 0), r.timeFactor(),
                CadenceRun.NORMAL_SECONDS / r.timeFactor(), CadenceRun.LONGEST_SECONDS / r.timeFactor(),
                CadenceRun.CLOSING_KMH * r.timeFactor(), CadenceRun.INACTIVE_SECONDS / r.timeFactor(),
                r.warmupWorldSeconds(), r.windowWorldSeconds()));
        md.append("| figure | ").append(a.label()).append(" | ").append(b.label()).append(" |\n| --- | ---: | ---: |\n");
        row(md, "phones connected", a.connected(), b.connected());
        row(md, "updates sent in the window", a.sent(), b.sent());
        md.append("| updates per user per minute | ").append(Report.fixed(a.updatesPerUserPerMinute(), 3)).append(" | ")
                .append(Report.fixed(b.updatesPerUserPerMinute(), 3)).append(" (").append(Report.percent(b.updatesPerUserPerMinute()
                        / a.updatesPerUserPerMinute())).append(") |\n");
        md.append("| mean interval between a user's updates, s | ").append(Report.fixed(a.meanIntervalSeconds(), 1)).append(" | ")
                .append(Report.fixed(b.meanIntervalSeconds(), 1)).append(" |\n");
        md.append("| `cadence` messages received | ").append(a.cadenceMessages()).append(" | ").append(b.cadenceMessages()).append(" |\n");
        md.append("| intervals asked for, s (messages) | ").append(intervals(a, r.timeFactor())).append(" | ")
                .append(intervals(b, r.timeFactor())).append(" |\n");
        md.append("| entries into a friend's radius (ordered pairs) | ").append(a.detections().entries()).append(" | ")
                .append(b.detections().entries()).append(" |\n");
        md.append("| ... told (a `friend_location` or page listing the friend) | ").append(a.detections().delays().size())
                .append(" | ").append(b.detections().delays().size()).append(" |\n");
        md.append("| ... shown already from an earlier reading | ").append(a.detections().alreadyShown()).append(" | ")
                .append(b.detections().alreadyShown()).append(" |\n");
        md.append("| ... passages: left again before anyone was told (longest inside, s) | ").append(passages(a)).append(" | ")
                .append(passages(b)).append(" |\n");
        md.append("| ... neither by the end | ").append(a.detections().pending()).append(" | ").append(b.detections().pending()).append(" |\n");
        md.append("| entered → told, p50 / p99 / worst, s | ").append(delays(a)).append(" | ").append(delays(b)).append(" |\n");
        md.append("| server CPU, cores of this machine | ").append(Report.fixed(a.serverCores(), 3)).append(" | ")
                .append(Report.fixed(b.serverCores(), 3)).append(" |\n");
        md.append("| errors / unexpected closes | ").append(a.errors()).append(" / ").append(a.closes()).append(" | ")
                .append(b.errors()).append(" / ").append(b.closes()).append(" |\n\n");
        double ratio = r.ratio();
        md.append(String.format(Locale.ROOT, "Honouring the cadence, the phones sent %s of the updates of phones on the fixed "
                        + "30 s (%s fewer). At the seed's scale that is %s location updates/s instead of %s.%n",
                Report.percent(ratio), Report.percent(1 - ratio), Report.count(Math.round(SEED_UPDATES_PER_SECOND * ratio)),
                Report.count((long) SEED_UPDATES_PER_SECOND)));
        return md.toString();
    }

    private static void row(StringBuilder md, String name, long a, long b) {
        md.append("| ").append(name).append(" | ").append(Report.count(a)).append(" | ").append(Report.count(b)).append(" |\n");
    }

    private static String intervals(Phase p, int factor) {
        if (p.cadences().isEmpty()) {
            return "—";
        }
        return new java.util.TreeMap<>(p.cadences()).entrySet().stream().map(e -> (e.getKey() * factor) + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String passages(Phase p) {
        List<Double> passages = p.detections().passages();
        return passages.isEmpty() ? "0" : passages.size() + " (" + Report.fixed(p.detections().longestPassage(), 1) + ")";
    }

    private static String delays(Phase p) {
        DetectionLog.Result d = p.detections();
        if (d.delays().isEmpty()) {
            return "—";
        }
        return Report.fixed(d.delayQuantile(0.5), 1) + " / " + Report.fixed(d.delayQuantile(0.99), 1) + " / "
                + Report.fixed(d.worstDelay(), 1);
    }
}
