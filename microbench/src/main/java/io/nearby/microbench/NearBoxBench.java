package io.nearby.microbench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.NearBox;
import io.nearby.geo.Radius;
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
 * The filter's geometric test alone: {@link NearBox#mayContain} (the bounding-box pre-check every friend update
 * goes through) against {@link GreatCircle#meters} (the haversine it avoids for friends far away). The points are
 * 1,024 friend positions around HOME, one in ten within the default 5-mile radius, in random order, so the box's
 * branches are as (un)predictable as in production. Both methods read the same arrays the same way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class NearBoxBench {
    private static final int N = 1024;

    private NearBox box;
    private double ownLat;
    private double ownLon;
    private double[] lat;
    private double[] lon;
    private int i;

    @Setup
    public void setup() {
        Random rnd = Inputs.random();
        GeoPoint own = Inputs.HOME;
        ownLat = own.lat();
        ownLon = own.lon();
        box = NearBox.around(own, Radius.DEFAULT.meters());
        lat = new double[N];
        lon = new double[N];
        for (int k = 0; k < N; k++) {
            GeoPoint p = Inputs.friendPosition(rnd, rnd.nextInt(10) == 0, Radius.DEFAULT.meters());
            lat[k] = p.lat();
            lon[k] = p.lon();
        }
    }

    @Benchmark
    public boolean nearBoxMayContain() {
        int k = i++ & (N - 1);
        return box.mayContain(lat[k], lon[k]);
    }

    @Benchmark
    public double greatCircleMeters() {
        int k = i++ & (N - 1);
        return GreatCircle.meters(ownLat, ownLon, lat[k], lon[k]);
    }
}
