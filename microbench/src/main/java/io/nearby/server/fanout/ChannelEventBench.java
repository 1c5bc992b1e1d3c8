package io.nearby.server.fanout;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.nearby.geo.GeoPoint;
import io.nearby.microbench.Inputs;
import io.nearby.server.location.CachedLocation;
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
 * The channel wire form of a location update ({@code L|<id>|lat,lon,ts,receivedAt}): {@link ChannelEvent#encode()}
 * once per accepted update on the publishing server, {@link ChannelEvent#decode(String)} (package-private, hence this
 * package) once per message on every server subscribed to the user's channel. 1,024 distinct events, coordinates with
 * full double precision or 7 decimals ({@link Inputs#precision}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChannelEventBench {
    private static final int N = 1024;

    @Param({"full", "7dp"})
    public String coords;

    private ChannelEvent[] events;
    private String[] texts;
    private int i;

    @Setup
    public void setup() {
        Random rnd = Inputs.random();
        events = new ChannelEvent[N];
        texts = new String[N];
        for (int k = 0; k < N; k++) {
            GeoPoint p = Inputs.precision(Inputs.around(rnd, Inputs.HOME, 0, 50_000), coords);
            long ts = Inputs.NOW - rnd.nextInt(5_000);
            events[k] = new ChannelEvent.Moved(Inputs.userId(k), new CachedLocation(p.lat(), p.lon(), ts, ts + rnd.nextInt(200)));
            texts[k] = events[k].encode();
        }
        if (!events[0].equals(ChannelEvent.decode(texts[0]))) {
            throw new IllegalStateException("decode(encode(e)) != e for " + texts[0]);
        }
    }

    @Benchmark
    public String movedEncode() {
        return events[i++ & (N - 1)].encode();
    }

    @Benchmark
    public ChannelEvent movedDecode() {
        return ChannelEvent.decode(texts[i++ & (N - 1)]);
    }
}
