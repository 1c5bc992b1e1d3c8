package io.nearby.microbench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.nearby.geo.GeoPoint;
import io.nearby.server.protocol.ClientMessageParser;
import io.nearby.server.protocol.Parsed;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ClientMessageParser#parse}: the first step of every client frame (Jackson tree parse, type and field checks,
 * the record). Inputs are 1,024 distinct texts of the loadgen's shape, ts in ms; coordinates with full double
 * precision or 7 decimals ({@link Inputs#precision}): number parsing is a large part of the cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParseBench {
    private static final int N = 1024; // a power of two: the index is masked

    @Param({"full", "7dp"})
    public String coords;

    private final ClientMessageParser parser = new ClientMessageParser();
    private String[] location;
    private String[] init;
    private int i;

    @Setup
    public void setup() {
        Random rnd = Inputs.random();
        location = new String[N];
        init = new String[N];
        for (int k = 0; k < N; k++) {
            GeoPoint p = Inputs.precision(Inputs.around(rnd, Inputs.HOME, 0, 50_000), coords);
            long ts = Inputs.NOW - rnd.nextInt(5_000);
            location[k] = "{\"type\":\"location\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + ",\"ts\":" + ts + "}";
            init[k] = "{\"type\":\"init\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + ",\"ts\":" + ts + "}";
        }
    }

    @Benchmark
    public Parsed location() {
        return parser.parse(location[i++ & (N - 1)]);
    }

    @Benchmark
    public Parsed init() {
        return parser.parse(init[i++ & (N - 1)]);
    }
}
