package io.nearby.microbench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.server.protocol.ServerMessage;
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
 * {@link ServerMessage.FriendLocation#toJson()}: the text frame written once per delivery to a session that shows the
 * friend. 1,024 distinct messages: ids and names as the server holds them, full-precision coordinates within 5 miles
 * of HOME (what a client sends), the haversine distance, ts in ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class EncodeBench {
    private static final int N = 1024;

    private ServerMessage.FriendLocation[] messages;
    private int i;

    @Setup
    public void setup() {
        Random rnd = Inputs.random();
        messages = new ServerMessage.FriendLocation[N];
        for (int k = 0; k < N; k++) {
            GeoPoint p = Inputs.around(rnd, Inputs.HOME, 0, 8_000);
            messages[k] = new ServerMessage.FriendLocation(Inputs.userId(k), Inputs.name(rnd), p.lat(), p.lon(),
                    GreatCircle.meters(Inputs.HOME, p), Inputs.NOW - rnd.nextInt(5_000));
        }
    }

    @Benchmark
    public String friendLocationToJson() {
        return messages[i++ & (N - 1)].toJson();
    }
}
