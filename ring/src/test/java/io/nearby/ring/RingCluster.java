package io.nearby.ring;

import io.etcd.jetcd.Client;
import io.nearby.ring.pubsub.PubSubConfig;
import io.nearby.testkit.EtcdServer;
import io.nearby.testkit.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;

/**
 * A real etcd, real redis-servers as Pub/Sub nodes, the ring in etcd, and two servers A and B. Channel {@code u:i}
 * is sent by A and received by B for even i, the other way round for odd i: every pair of friends is connected to
 * different servers. Closes everything it started.
 */
final class RingCluster implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(100);

    /**
     * Per-update delays over a window (see {@link ChannelLog#delays}): {@code net} sorted, each net of the stalls
     * ({@link #pauses}: JVM pauses, and the {@link ControlPath}'s) the update lived through; {@code maxRaw} the
     * longest as measured; {@code paused} the stall time in the window.
     */
    record Delays(long[] net, long maxRaw, long paused, long longestPause, String control) {
        /** Nearest rank: the smallest net delay that {@code fraction} of the updates do not exceed. */
        long netPercentile(double fraction) {
            return net.length == 0 ? 0 : net[Math.max(0, (int) Math.ceil(fraction * net.length) - 1)];
        }

        long netMax() {
            return net.length == 0 ? 0 : net[net.length - 1];
        }

        @Override
        public String toString() {
            return String.format("%,d updates: delay p50 %d ms, p99 %d ms, max %d ms net of measured stalls (%d ms"
                    + " stalled in the window, longest stall %d ms; %s), max %d ms as measured", net.length,
                    ms(netPercentile(0.5)), ms(netPercentile(0.99)), ms(netMax()), ms(paused), ms(longestPause), control,
                    ms(maxRaw));
        }

        private static long ms(long nanos) {
            return TimeUnit.NANOSECONDS.toMillis(nanos);
        }
    }

    final EtcdServer etcd;
    final List<RedisServer> redis = new ArrayList<>();
    final Client client;
    final RingStore store;
    private final List<Client> extraClients = new ArrayList<>();
    final EtcdSettings settings;
    final Map<String, Long> cache = new ConcurrentHashMap<>();
    final List<String> channels;
    RingServer a;
    RingServer b;
    private SteadyLoad load;

    /** Stalls of the JVM and machine: its own pause measurement plus the {@link #control} path's. */
    final PauseMonitor pauses = new PauseMonitor();
    /** On the first node, which no test kills. */
    private final ControlPath control;

    RingCluster(int nodes, int channelCount) throws Exception {
        etcd = EtcdServer.start();
        for (int i = 0; i < nodes; i++) {
            redis.add(RedisServer.start());
        }
        control = new ControlPath(redis.getFirst().url(), pauses);
        client = Client.builder().endpoints(etcd.endpoint()).build();
        settings = EtcdSettings.defaults(List.of(etcd.endpoint()), "/test/ring");
        store = new RingStore(client, settings.key(), Duration.ofSeconds(5));
        store.update(any -> RingSpec.of(1, redis.stream().map(RedisServer::url).toList(), RingSpec.DEFAULT_VNODES), false);
        channels = IntStream.range(0, channelCount).mapToObj(i -> "u:" + i).toList();
        a = RingServer.start("A", settings, PubSubConfig.defaults(), cache);
        b = RingServer.start("B", settings, PubSubConfig.defaults(), cache);
        List<String> toB = new ArrayList<>();
        List<String> toA = new ArrayList<>();
        for (int i = 0; i < channelCount; i++) {
            (i % 2 == 0 ? toB : toA).add(channels.get(i));
        }
        b.pubSub.subscribe(toB).get(10, TimeUnit.SECONDS);
        a.pubSub.subscribe(toA).get(10, TimeUnit.SECONDS);
    }

    /**
     * A store on a new etcd client, as the operator's {@code ./nearby ring} has on every run (after a long etcd outage
     * the long-lived {@link #client}'s gRPC reconnect backoff may still be running).
     */
    RingStore freshStore() {
        Client fresh = Client.builder().endpoints(etcd.endpoint()).build();
        extraClients.add(fresh);
        return new RingStore(fresh, settings.key(), Duration.ofSeconds(5));
    }

    RingServer sender(String channel) {
        return index(channel) % 2 == 0 ? a : b;
    }

    RingServer receiver(String channel) {
        return index(channel) % 2 == 0 ? b : a;
    }

    ChannelLog log(String channel) {
        return receiver(channel).sink.log(channel);
    }

    void startLoad() {
        load = new SteadyLoad(channels, this::sender, cache, INTERVAL);
    }

    SteadyLoad load() {
        return load;
    }

    HashRing ring() {
        return new HashRing(store.load().orElseThrow().spec());
    }

    /** Channels (of ours) subscribed on a node, as Redis sees it. */
    Set<String> channelsOn(String url) {
        try (Jedis jedis = new Jedis(java.net.URI.create(url))) {
            return new HashSet<>(jedis.pubsubChannels("u:*"));
        }
    }

    /** Longest gap between state advances over all channels in [from, to]. */
    long maxGapNanos(List<String> some, long from, long to) {
        return some.stream().mapToLong(c -> log(c).maxGapNanos(from, to)).max().orElse(0);
    }

    /** Every update's delay in [from, to] over {@code some} channels, raw and net of the measured stalls. */
    Delays delays(List<String> some, long from, long to) {
        java.util.stream.LongStream.Builder net = java.util.stream.LongStream.builder();
        long[] maxRaw = {0};
        for (String c : some) {
            log(c).delays(from, to, seq -> load.sentNanos(index(c), seq), (sent, arrived) -> {
                net.add(arrived - sent - pauses.pausedNanos(sent, arrived));
                maxRaw[0] = Math.max(maxRaw[0], arrived - sent);
            });
        }
        return new Delays(net.build().sorted().toArray(), maxRaw[0], pauses.pausedNanos(from, to),
                pauses.longestNanos(), control.toString());
    }

    long lostMessages(List<String> some, long from, long to) {
        return some.stream().mapToLong(c -> log(c).lostMessages(from, to)).sum();
    }

    /** Every channel advanced at least once after {@code nanos}. */
    boolean allFlowingSince(List<String> some, long nanos) {
        return some.stream().allMatch(c -> log(c).firstAfter(nanos) != Long.MAX_VALUE);
    }

    private static int index(String channel) {
        return Integer.parseInt(channel.substring(2));
    }

    @Override
    public void close() throws Exception {
        if (load != null) {
            load.close();
        }
        extraClients.forEach(Client::close);
        control.close();
        for (AutoCloseable closeable : new AutoCloseable[] {a, b, client}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing
            }
        }
        redis.forEach(RedisServer::close);
        etcd.close();
        pauses.close();
    }
}
