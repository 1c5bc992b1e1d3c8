package io.nearby.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.nearby.testkit.EtcdServer;
import io.nearby.testkit.FreePorts;
import io.nearby.testkit.RealServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link EtcdRingSource} against a real etcd (one per class; each test its own key). */
@ExtendWith(RealServers.class)
class EtcdRingSourceIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String key = "/test/ring-" + ThreadLocalRandom.current().nextInt(1_000_000);
    private EtcdServer etcd;
    private Client client;
    private RingStore store;
    private EtcdSettings settings;

    @BeforeEach
    void connect(EtcdServer etcd) {
        this.etcd = etcd;
        client = Client.builder().endpoints(etcd.endpoint()).build();
        store = new RingStore(client, key, Duration.ofSeconds(5));
        settings = EtcdSettings.defaults(List.of(etcd.endpoint()), key);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void withoutARingAndWithoutABootstrapTheServerRefusesToStartAndSaysWhatToDo() {
        assertThatThrownBy(() -> EtcdRingSource.start(settings, Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Pub/Sub ring under key " + key)
                .hasMessageContaining("./nearby ring add");
    }

    @Test
    void anAbsentKeyIsSeededOnceFromTheBootstrapRingEvenWhenServersRace() throws Exception {
        List<CompletableFuture<EtcdRingSource>> starting = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            RingSpec mine = RingSpec.of(1, List.of("redis://10.0.0." + i + ":6379"), 160);
            starting.add(CompletableFuture.supplyAsync(() -> EtcdRingSource.start(settings, Optional.of(mine))));
        }
        List<EtcdRingSource> sources = starting.stream().map(CompletableFuture::join).toList();
        try {
            RingStore.Stored stored = store.load().orElseThrow();
            assertThat(stored.spec().version()).isEqualTo(1);
            assertThat(sources).allSatisfy(source -> {
                assertThat(source.current().revision()).isEqualTo(stored.modRevision());
                assertThat(source.current().ring().nodes()).isEqualTo(stored.spec().urls());
            });
        } finally {
            sources.forEach(EtcdRingSource::close);
        }
    }

    @Test
    void anInvalidStoredRingStopsTheStartWithTheReason() throws Exception {
        put("{\"version\":1,\"nodes\":[\"redis://a:1\",\"redis://a:1\"]}");
        assertThatThrownBy(() -> EtcdRingSource.start(settings, Optional.empty()))
                .isInstanceOf(RingSpecException.class)
                .hasMessageContaining("duplicate node redis://a:1").hasMessageContaining("./nearby ring set");
        assertThatThrownBy(() -> EtcdRingSource.start(settings, Optional.empty()))
                .isInstanceOfSatisfying(StoredRingInvalidException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.reason()).contains("duplicate node redis://a:1");
                    assertThat(e.getMessage()).as("said once, not re-wrapped").containsOnlyOnce("invalid");
                });
    }

    @Test
    void anUnreachableEtcdAtStartFailsAfterTheStartTimeout() {
        EtcdSettings nowhere = EtcdSettings.defaults(List.of("http://127.0.0.1:" + FreePorts.next()), key)
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertThatThrownBy(() -> EtcdRingSource.start(nowhere, Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not answer within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void changesArriveThroughTheWatchOnTheNotifierThreadInOrder() throws Exception {
        store.update(r -> RingEdits.add(r, "redis://10.0.0.1:6379"), false);
        try (EtcdRingSource source = EtcdRingSource.start(settings.withPollInterval(Duration.ofHours(1)), Optional.empty())) {
            List<Long> versions = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            source.addListener(snapshot -> {
                versions.add(snapshot.version());
                threads.add(Thread.currentThread().getName());
            });
            for (int i = 2; i <= 5; i++) {
                String url = "redis://10.0.0." + i + ":6379";
                store.update(r -> RingEdits.add(r, url), false);
            }
            await("version 5 heard").atMost(WAIT).until(() -> !versions.isEmpty() && versions.getLast() == 5);
            assertThat(versions).isSorted().first().isEqualTo(1L);
            assertThat(threads).containsOnly("nearby-ring-notify");
            assertThat(source.status()).satisfies(status -> {
                assertThat(status.reachable()).isTrue();
                assertThat(status.version()).isEqualTo(5);
                assertThat(status.nodes()).isEqualTo(5);
                assertThat(status.changesApplied()).isEqualTo(4);
                assertThat(status.rejectedValues()).isZero();
            });
        }
    }

    @Test
    void afterACompactedWatchTheKeyIsReReadAndWatchedAgain() throws Exception {
        store.update(r -> RingEdits.add(r, "redis://10.0.0.1:6379"), false);
        try (EtcdRingSource source = EtcdRingSource.start(settings.withPollInterval(Duration.ofHours(1)), Optional.empty())) {
            // the watch breaks as if it fell behind a compaction; meanwhile the ring changes twice and etcd compacts
            source.simulateWatchError(EtcdExceptionFactory.newCompactedException(2));
            store.update(r -> RingEdits.add(r, "redis://10.0.0.2:6379"), false);
            RingStore.Stored latest = store.update(r -> RingEdits.add(r, "redis://10.0.0.3:6379"), false);
            client.getKVClient().compact(latest.modRevision()).get(5, TimeUnit.SECONDS);
            await("the re-read found the latest ring").atMost(WAIT)
                    .until(() -> source.current().revision() == latest.modRevision());
            // the re-read applies the ring first, then starts the new watch and counts the restart; if that re-read
            // ran before the two updates, the new watch starts below the compaction and is restarted once more
            await("the watch was restarted").atMost(WAIT).until(() -> source.status().watchRestarts() >= 1);
            RingStore.Stored next = store.update(r -> RingEdits.add(r, "redis://10.0.0.4:6379"), false);
            await("the new watch delivers the next change (the poll is off)").atMost(WAIT)
                    .until(() -> source.current().revision() == next.modRevision());
        }
    }

    @Test
    void aDeletedKeyIsRejectedAndTheRingStays() throws Exception {
        store.update(r -> RingEdits.add(r, "redis://10.0.0.1:6379"), false);
        try (EtcdRingSource source = EtcdRingSource.start(settings, Optional.empty())) {
            long revision = source.current().revision();
            client.getKVClient().delete(ByteSequence.from(key, StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> source.status().rejectedValues() == 1);
            assertThat(source.current().revision()).isEqualTo(revision);
            await("the error says why").atMost(WAIT).until(() -> String.valueOf(source.status().lastError()).contains("deleted"));
            RingStore.Stored recreated = store.update(r -> RingEdits.add(r, "redis://10.0.0.7:6379"), false);
            await("a ring written again is applied").atMost(WAIT)
                    .until(() -> source.current().revision() == recreated.modRevision());
        }
    }

    @Test
    void aShortEtcdOutageIsReportedAndAChangeAfterwardsIsPickedUp() throws Exception {
        store.update(r -> RingEdits.add(r, "redis://10.0.0.1:6379"), false);
        try (EtcdRingSource source = EtcdRingSource.start(settings.withPollInterval(Duration.ofSeconds(1)), Optional.empty())) {
            etcd.kill();
            try {
                await("reported unreachable").atMost(WAIT).until(() -> !source.status().reachable());
                assertThat(source.current().version()).isEqualTo(1);
            } finally {
                etcd.restart();
            }
            await("reachable again").atMost(Duration.ofSeconds(20)).until(() -> source.status().reachable());
            RingStore.Stored next = store.update(r -> RingEdits.add(r, "redis://10.0.0.2:6379"), false);
            await().atMost(WAIT).until(() -> source.current().revision() == next.modRevision());
        }
    }

    private void put(String value) throws Exception {
        client.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8),
                ByteSequence.from(value, StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
    }
}
