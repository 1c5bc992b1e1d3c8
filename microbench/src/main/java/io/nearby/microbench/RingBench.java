package io.nearby.microbench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.nearby.ring.HashRing;
import io.nearby.ring.RingSpec;
import io.nearby.server.fanout.Channels;
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
 * {@link HashRing#nodeFor}: which Redis node a channel lives on, asked for every publish (one per accepted update)
 * and every (un)subscription. Murmur3 of the channel's UTF-8 bytes, then a binary search over nodes × 160 virtual
 * nodes (480 points for 3 nodes, 3,200 for 20). 4,096 distinct {@code u:<id>} channels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingBench {
    private static final int N = 4096;

    @Param({"3", "20"})
    public int nodes;

    private HashRing ring;
    private String[] channels;
    private int i;

    @Setup
    public void setup() {
        List<String> urls = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            urls.add("redis://10.0.0." + (n + 1) + ":6379");
        }
        ring = new HashRing(RingSpec.of(1, urls, RingSpec.DEFAULT_VNODES));
        channels = new String[N];
        for (int k = 0; k < N; k++) {
            channels[k] = Channels.user(Inputs.userId(k));
        }
    }

    @Benchmark
    public String nodeFor() {
        return ring.nodeFor(channels[i++ & (N - 1)]);
    }
}
