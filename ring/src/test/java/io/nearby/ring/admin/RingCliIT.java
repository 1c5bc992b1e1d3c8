package io.nearby.ring.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.nearby.ring.RingNode;
import io.nearby.ring.RingSpec;
import io.nearby.ring.RingStore;
import io.nearby.testkit.EtcdServer;
import io.nearby.testkit.FreePorts;
import io.nearby.testkit.RealServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ./nearby ring} against a real etcd: what it prints, what it stores, its exit codes. */
@ExtendWith(RealServers.class)
class RingCliIT {
    private final String key = "/test/cli-" + ThreadLocalRandom.current().nextInt(1_000_000);

    record Result(int status, String out, String err) {
    }

    @Test
    void addShowReplaceRemoveAsAnOperatorWould(EtcdServer etcd) throws Exception {
        Map<String, String> env = env(etcd);
        Result empty = run(env, "show");
        assertThat(empty.status()).isEqualTo(1);
        assertThat(empty.out()).contains("no ring under key " + key).contains("./nearby ring add");

        assertThat(run(env, "add", "redis://10.0.0.1:6379").status()).isZero();
        assertThat(run(env, "add", "redis://10.0.0.2:6379").status()).isZero();
        Result third = run(env, "add", "redis://10.0.0.3:6379");
        assertThat(third.status()).isZero();
        assertThat(third.out()).contains("add: ring v2 -> v3").contains("channels moving to another node:");

        Result shown = run(env, "show");
        assertThat(shown.status()).isZero();
        assertThat(shown.out()).contains("version 3").contains("3 node(s), 160 virtual nodes each")
                .contains("redis://10.0.0.1:6379").contains("redis://10.0.0.3:6379").contains("hash space");
        System.out.println("[example] ./nearby ring show\n" + shown.out());

        Result replaced = run(env, "replace", "redis://10.0.0.2:6379", "redis://10.0.0.9:6379");
        assertThat(replaced.status()).isZero();
        System.out.println("[example] ./nearby ring replace ...\n" + replaced.out());
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            RingSpec stored = new RingStore(client, key, Duration.ofSeconds(5)).load().orElseThrow().spec();
            assertThat(stored.version()).isEqualTo(4);
            assertThat(stored.nodes()).contains(new RingNode("redis://10.0.0.9:6379", "redis://10.0.0.2:6379"));
        }

        assertThat(run(env, "remove", "redis://10.0.0.1:6379").status()).isZero();
        assertThat(run(env, "remove", "redis://10.0.0.1:6379")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("is not in the ring");
        });
        assertThat(run(env, "add", "not-a-url").status()).isEqualTo(2);
        assertThat(run(env, "remove", "redis://10.0.0.3:6379").status()).isZero();
        assertThat(run(env, "remove", "redis://10.0.0.9:6379")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("last node");
        });
    }

    @Test
    void concurrentOperatorsNeverLoseEachOthersChanges(EtcdServer etcd) throws Exception {
        Map<String, String> env = env(etcd);
        assertThat(run(env, "add", "redis://10.1.0.0:6379").status()).isZero();
        List<Future<Result>> results;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            results = IntStream.rangeClosed(1, 8).mapToObj(i -> pool.submit(() -> run(env, "add",
                    "redis://10.1.0." + i + ":6379"))).toList();
        }
        for (Future<Result> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS).status()).isZero();
        }
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            RingSpec stored = new RingStore(client, key, Duration.ofSeconds(5)).load().orElseThrow().spec();
            assertThat(stored.nodes()).hasSize(9);
            assertThat(stored.version()).isEqualTo(9);
        }
    }

    @Test
    void anInvalidStoredValueIsShownAndCanBeOverwrittenWithSet(EtcdServer etcd) throws Exception {
        Map<String, String> env = env(etcd);
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            client.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8),
                    ByteSequence.from("{\"version\":7,\"nodes\":[", StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        }
        Result shown = run(env, "show");
        assertThat(shown.status()).isEqualTo(1);
        assertThat(shown.out()).contains("INVALID").contains("not JSON");
        Result add = run(env, "add", "redis://10.0.0.1:6379");
        assertThat(add.status()).isEqualTo(1);
        assertThat(add.err()).contains("is invalid").contains("./nearby ring set");
        Result set = run(env, "set", "redis://10.0.0.1:6379", "redis://10.0.0.2:6379");
        assertThat(set.status()).isZero();
        assertThat(set.out()).contains("ring (none) -> v1"); // the broken value's version is unreadable
        assertThat(run(env, "show").status()).isZero();
    }

    @Test
    void anUnreachableEtcdExitsWith1AndSaysSo() {
        Result result = run(Map.of("NEARBY_ETCD_ENDPOINTS", "http://127.0.0.1:" + FreePorts.next(),
                "NEARBY_RING_KEY", key), "show");
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("etcd did not answer");
    }

    private Map<String, String> env(EtcdServer etcd) {
        return Map.of("NEARBY_ETCD_ENDPOINTS", etcd.endpoint(), "NEARBY_RING_KEY", key);
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RingCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
