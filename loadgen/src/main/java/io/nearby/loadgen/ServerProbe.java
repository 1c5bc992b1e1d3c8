package io.nearby.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Looks at the server under test (or the stack floor) from outside: its {@code /metrics} (any server) and, when the
 * benchmark started it on this machine, its process in {@code /proc} and a forced GC through {@code jcmd <pid> GC.run}.
 */
final class ServerProbe {
    /** The server's own counters read before and after the measured window (Prometheus names). */
    static final List<String> COUNTERS = List.of(
            "nearby_location_updates_total", "nearby_fanout_deliveries_total", "nearby_pubsub_published_total",
            "nearby_pubsub_received_total", "nearby_ws_rejected_total", "nearby_cache_failures_total",
            "nearby_pubsub_publish_failures_total", "nearby_history_written_total", "nearby_history_dropped_total",
            "process_cpu_time_ns_total");
    /** The stack floor's counters ({@code FloorServer.metrics()}). */
    static final List<String> FLOOR_COUNTERS = List.of(
            "floor_received_total", "floor_forwarded_total", "floor_send_failures_total");

    private final HttpClient http;
    private final URI metricsUri;
    private final Optional<Long> pid;
    private final List<String> counterNames;

    ServerProbe(HttpClient http, URI serverUrl, Optional<Long> pid) {
        this(http, serverUrl, pid, COUNTERS);
    }

    ServerProbe(HttpClient http, URI serverUrl, Optional<Long> pid, List<String> counterNames) {
        this.http = http;
        this.metricsUri = URI.create(serverUrl.toString().replaceAll("/+$", "") + "/metrics");
        this.pid = pid;
        this.counterNames = counterNames;
    }

    Optional<Long> pid() {
        return pid;
    }

    Optional<ProcStats.ProcessSample> sample() {
        return pid.flatMap(ProcStats::sample);
    }

    /** The metrics text, or empty when the server does not answer. */
    Optional<String> metrics() {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(metricsUri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? Optional.of(res.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The counters named at construction plus heap used and live connections, from one scrape; absent ones are left out. */
    Map<String, Double> counters() {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics().ifPresent(text -> {
            for (String name : counterNames) {
                PromText.sum(text, name, "").ifPresent(v -> out.put(name, v));
            }
            PromText.sum(text, "jvm_memory_used_bytes", "area=\"heap\"").ifPresent(v -> out.put("heap_used_bytes", v));
            PromText.sum(text, "nearby_ws_connections", "").ifPresent(v -> out.put("nearby_ws_connections", v));
            PromText.sum(text, "floor_connections", "").ifPresent(v -> out.put("floor_connections", v));
        });
        return out;
    }

    /** Heap in use now per the server's own meter. */
    OptionalDouble heapUsed() {
        return metrics().map(t -> PromText.sum(t, "jvm_memory_used_bytes", "area=\"heap\"")).orElse(OptionalDouble.empty());
    }

    /**
     * The bytes of the live objects, exactly: {@code jcmd <pid> GC.class_histogram} runs a full GC and sums every
     * object still reachable. Sharper than the heap-in-use meter, which under ZGC counts whole 2 MiB pages. Empty when
     * not possible (no pid, no jcmd, failed).
     */
    OptionalDouble liveHeap() {
        if (pid.isEmpty()) {
            return OptionalDouble.empty();
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return OptionalDouble.empty();
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid.get()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return OptionalDouble.empty();
            }
            return histogramTotal(out);
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /** The bytes of the "Total" line of a class histogram. */
    static OptionalDouble histogramTotal(String histogram) {
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals("Total")) {
                try {
                    return OptionalDouble.of(Double.parseDouble(f[2]));
                } catch (NumberFormatException e) {
                    return OptionalDouble.empty();
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** A full GC in the server via {@code jcmd <pid> GC.run}; false when not possible (no pid, no jcmd, failed). */
    boolean forceGc() {
        if (pid.isEmpty()) {
            return false;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid.get()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
