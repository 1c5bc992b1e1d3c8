package io.nearby.server.location;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.nearby.credentials.TlsTrust;
import io.nearby.ring.pubsub.PipelinedWriter;
import io.nearby.ring.pubsub.PubSubConfig;
import io.nearby.ring.pubsub.RedisAddress;
import io.nearby.ring.pubsub.RedisSecurity;
import io.nearby.ring.pubsub.RedisWriteException;
import io.nearby.ring.pubsub.RedisWriters;
import io.nearby.testkit.RealServers;
import io.nearby.testkit.RedisCluster;
import io.nearby.testkit.RedisServer;
import io.nearby.testkit.TestCertificates;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ClusterLocationCache} on the test kit's real Redis Cluster: keys on every shard, one round trip per shard for
 * a batch read, TTL and delete; a master killed with SIGKILL (its shard fails fast and is counted, the others answer,
 * the promoted replica takes over by itself); AUTH and TLS on every node.
 */
@ExtendWith(RealServers.class)
class ClusterLocationCacheIT {
    private static final Duration TTL = Duration.ofMinutes(10);

    private static List<URI> seeds(RedisCluster cluster) {
        return cluster.urls().stream().map(URI::create).toList();
    }

    private static List<String> users(String base, int n) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return IntStream.range(0, n).mapToObj(i -> base + "-" + run + "-" + i).toList();
    }

    private static CachedLocation at(int i) {
        return new CachedLocation(37.0 + i / 1000.0, -122.0, 1_000L + i, 2_000L + i);
    }

    private static JedisCluster jedis(RedisCluster cluster) {
        return new JedisCluster(cluster.nodes().stream().map(n -> new HostAndPort("127.0.0.1", n.port()))
                .collect(Collectors.toSet()));
    }

    @Test
    void aBatchReadOfFriendsOnEveryShardIsOneRoundTripPerShardAndEntriesHaveTheTtl(RedisCluster cluster) {
        List<String> friends = users("friend", 400);
        try (RedisWriters writers = RedisWriters.create(PubSubConfig.defaults());
             // no periodic slot map refresh during the test: nothing but the cache's own reads on the writers
             ClusterLocationCache cache = new ClusterLocationCache(seeds(cluster), TTL, writers, RedisSecurity.NONE,
                     Duration.ofHours(1));
             JedisCluster jedis = jedis(cluster)) {
            assertThat(cache.shards()).isEqualTo(3);
            for (int i = 0; i < friends.size(); i++) {
                cache.put(friends.get(i), at(i));
            }
            assertThat(cache.getAll(friends)).as("read after this process's writes").hasSize(400)
                    .containsEntry(friends.get(7), at(7));
            Set<RedisServer> owners = new HashSet<>();
            friends.forEach(f -> owners.add(cluster.masterOf("loc:" + f)));
            assertThat(owners).as("400 friends are on every shard").hasSize(3);

            Map<RedisServer, PipelinedWriter> byMaster = new HashMap<>();
            cluster.masters().forEach(m -> byMaster.put(m, writers.acquire(RedisAddress.parse(m.url()))));
            Map<RedisServer, Long> before = new HashMap<>();
            byMaster.forEach((m, w) -> before.put(m, w.batches()));
            Map<String, CachedLocation> read = cache.getAll(friends);
            assertThat(read).hasSize(400);
            byMaster.forEach((m, w) -> assertThat(w.batches() - before.get(m))
                    .as("round trips to master %s for one read of 400 friends", m.port()).isEqualTo(1));
            byMaster.values().forEach(writers::release);

            long ttl = jedis.ttl("loc:" + friends.getFirst());
            assertThat(ttl).as("TTL = the inactivity timeout").isBetween(TTL.toSeconds() - 5, TTL.toSeconds());
            assertThat(cache.get(friends.get(3))).isEqualTo(at(3));
            assertThat(cache.remove(friends.get(3))).isTrue();
            assertThat(cache.get(friends.get(3))).isNull();
            assertThat(jedis.get("loc:" + friends.get(3))).isNull();
            assertThat(cache.getAll(List.of(friends.get(3), "nobody-" + UUID.randomUUID()))).isEmpty();
            assertThat(cache.writeFailures()).isZero();
            assertThat(cache.readFailures()).isZero();
            assertThat(cache.health().up()).isTrue();
            assertThat(cache.health().detail()).contains("cluster_state:ok", "slots ok 16384", "3 masters");
        }
    }

    @Test
    void aKilledMastersShardFailsFastAndIsCountedTheOthersAnswerAndThePromotedReplicaTakesOver() {
        // a node timeout of 2 s: the outage lasts long enough to look at it before the replica is promoted
        try (RedisCluster cluster = RedisCluster.start(RedisCluster.Options.DEFAULT.withNodeTimeout(Duration.ofSeconds(2)));
             RedisWriters writers = RedisWriters.create(PubSubConfig.defaults());
             ClusterLocationCache cache = new ClusterLocationCache(seeds(cluster), TTL, writers, RedisSecurity.NONE)) {
            List<String> users = users("user", 60);
            for (int i = 0; i < users.size(); i++) {
                cache.put(users.get(i), at(i));
            }
            assertThat(cache.getAll(users)).hasSize(60);
            String victimUser = users.getFirst();
            RedisServer victim = cluster.masterOf("loc:" + victimUser);
            RedisServer replica = cluster.replicasOf(victim).getFirst();
            Set<String> onVictim = users.stream().filter(u -> cluster.masterOf("loc:" + u).equals(victim))
                    .collect(Collectors.toSet());
            try (Jedis r = new Jedis("127.0.0.1", replica.port())) {
                r.readonly();
                Awaitility.await("the replica has the shard's entries").atMost(Duration.ofSeconds(10))
                        .until(() -> onVictim.stream().allMatch(u -> r.get("loc:" + u) != null));
            }

            victim.kill();
            long killed = System.nanoTime();
            cache.put(victimUser, at(100));   // sent on the broken connection: lost, counted
            Awaitility.await("the cache sees the shard down").atMost(Duration.ofSeconds(5))
                    .until(() -> cache.shardsDown() == 1);
            assertThat(cache.slotMapChanges()).as("not failed over yet (node timeout 2 s)").isZero();
            long writeFailures = cache.writeFailures();
            cache.put(victimUser, at(101));
            assertThat(cache.writeFailures()).as("a write for the dead shard is refused at once").isEqualTo(writeFailures + 1);
            assertThatThrownBy(() -> cache.get(victimUser)).isInstanceOf(RedisWriteException.class)
                    .hasMessageContaining("is down");
            long readFailures = cache.readFailures();
            Map<String, CachedLocation> partial = cache.getAll(users);
            assertThat(partial.keySet()).as("the other shards answer").isEqualTo(users.stream()
                    .filter(u -> !onVictim.contains(u)).collect(Collectors.toSet()));
            assertThat(cache.readFailures()).as("the missing shard is counted once").isEqualTo(readFailures + 1);
            CacheHealth degraded = cache.health();
            assertThat(degraded.up()).as("one shard down does not make the cache down: " + degraded.detail()).isTrue();
            assertThat(degraded.detail()).contains("master(s) down: " + victim.url());
            assertThat(cache.slotMapChanges()).as("still not failed over").isZero();

            Awaitility.await("the shard answers again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions().until(() -> cache.get(victimUser) != null);
            long recoveredMillis = (System.nanoTime() - killed) / 1_000_000;
            assertThat(cluster.masterOf("loc:" + victimUser)).isEqualTo(replica);
            assertThat(cache.get(victimUser)).as("the replica's copy: what was written before the kill").isEqualTo(at(0));
            cache.put(victimUser, at(102));
            assertThat(cache.get(victimUser)).as("new writes land on the promoted replica").isEqualTo(at(102));
            assertThat(cache.getAll(users)).hasSize(60);
            assertThat(cache.slotMapChanges()).isEqualTo(1);
            assertThat(cache.shardsDown()).isZero();
            Awaitility.await("health says the cluster is whole again").atMost(Duration.ofSeconds(10))
                    .until(() -> cache.health().detail().contains("cluster_state:ok") && !cache.health().detail().contains("down"));
            System.out.printf("ClusterLocationCacheIT: SIGKILL of master %d → its shard answered again after %d ms"
                    + " (cluster-node-timeout 2000 ms)%n", victim.port(), recoveredMillis);
        }
    }

    @Test
    void everyNodeIsReachedWithTheCachesPasswordOverTls() {
        TestCertificates tls = TestCertificates.shared();
        String password = "cache cluster secret";
        RedisCluster.Options options = RedisCluster.Options.DEFAULT.withShape(3, 0).withPassword(password).withTls(tls);
        Optional<TlsTrust> trust = Optional.of(TlsTrust.fromCaFile(tls.caFile()));
        try (RedisCluster cluster = RedisCluster.start(options);
             RedisWriters writers = RedisWriters.create(PubSubConfig.defaults())) {
            List<String> users = users("secure", 50);
            try (ClusterLocationCache cache = new ClusterLocationCache(seeds(cluster), TTL, writers,
                    new RedisSecurity(Optional.empty(), Optional.of(password), trust))) {
                for (int i = 0; i < users.size(); i++) {
                    cache.put(users.get(i), at(i));
                }
                assertThat(cache.getAll(users)).hasSize(50);
                assertThat(cache.shards()).isEqualTo(3);
                assertThat(cache.health().detail()).startsWith("Redis Cluster cluster_state:ok").contains("rediss://")
                        .doesNotContain(password);
            }
            try (ClusterLocationCache wrong = new ClusterLocationCache(seeds(cluster), TTL, writers,
                    new RedisSecurity(Optional.empty(), Optional.of("wrong"), trust))) {
                CacheHealth health = wrong.health();
                assertThat(health.up()).isFalse();
                assertThat(health.detail()).contains("no slot map yet", "WRONGPASS").doesNotContain(password);
                wrong.put(users.getFirst(), at(0));
                assertThat(wrong.writeFailures()).isEqualTo(1);
            }
            var config = DefaultJedisClientConfig.builder().password(password).ssl(true)
                    .sslSocketFactory(trust.get().context().getSocketFactory()).build();
            try (JedisCluster jedis = new JedisCluster(Set.of(new HostAndPort("127.0.0.1",
                    cluster.nodes().getFirst().port())), config)) {
                assertThat(jedis.get("loc:" + users.get(1))).isEqualTo(at(1).encode());
            }
        }
    }
}
