package io.nearby.microbench;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.LocationFix;
import io.nearby.geo.LocationValidator;
import io.nearby.geo.Validated;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link LocationValidator#validate}: range checks of lat/lon, ts against the server clock, then the
 * {@code GeoPoint}/{@code LocationFix}/{@code Valid} it returns. The clock is {@link Clock#systemUTC()}, as in
 * production (NearbyServer.start), so one {@code clock.millis()} read is part of the cost. Every input is valid
 * (a real client's update): ts a few seconds behind the clock read at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ValidateBench {
    private static final int N = 1024;

    private final LocationValidator validator = new LocationValidator(Clock.systemUTC());
    private double[] lat;
    private double[] lon;
    private long[] ts;
    private int i;

    @Setup
    public void setup() {
        Random rnd = Inputs.random();
        lat = new double[N];
        lon = new double[N];
        ts = new long[N];
        long now = System.currentTimeMillis();
        for (int k = 0; k < N; k++) {
            GeoPoint p = Inputs.around(rnd, Inputs.HOME, 0, 50_000);
            lat[k] = p.lat();
            lon[k] = p.lon();
            ts[k] = now - rnd.nextInt(5_000); // the run lasts minutes, far inside the 24 h maximum age
        }
    }

    @Benchmark
    public Validated<LocationFix> validate() {
        int k = i++ & (N - 1);
        return validator.validate(lat[k], lon[k], ts[k]);
    }
}
