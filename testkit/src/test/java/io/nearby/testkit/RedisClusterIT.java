package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The kit's Redis Cluster, proved with Jedis' own cluster client: every slot served by 3 masters with a replica each,
 * the replica of a SIGKILLed master promoted with the data, the old master back as a replica after a restart; and a
 * cluster protected by a password and TLS.
 */
class RedisClusterIT {

    @Test
    void threeMastersWithAReplicaEachServeEverySlotAndAKilledMastersReplicaTakesOver() {
        // a node timeout of 2 s: a quick failover, yet no spurious one on a busy machine (see RedisCluster)
        try (RedisCluster cluster = RedisCluster.start(RedisCluster.Options.DEFAULT.withNodeTimeout(Duration.ofSeconds(2)))) {
            killedMastersReplicaTakesOver(cluster);
        }
    }

    private static void killedMastersReplicaTakesOver(RedisCluster cluster) {
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(cluster.masters()).hasSize(3);
        cluster.masters().forEach(m -> assertThat(cluster.replicasOf(m)).as("replicas of %s", m).hasSize(1));
        assertThat(cluster.info()).contains("cluster_state:ok", "cluster_slots_ok:16384", "cluster_known_nodes:6");
        assertThat(cluster.seeds()).isEqualTo(String.join(",", cluster.urls())).startsWith("redis://127.0.0.1:");
        assertThat(cluster.slot("loc:{alice}")).isEqualTo(JedisClusterCRC16.getSlot("loc:{alice}"));

        Set<HostAndPort> seeds = new HashSet<>();
        cluster.nodes().forEach(n -> seeds.add(new HostAndPort("127.0.0.1", n.port())));
        try (JedisCluster jedis = new JedisCluster(seeds)) {
            List<String> keys = IntStream.range(0, 300).mapToObj(i -> "k" + i).toList();
            keys.forEach(k -> jedis.set(k, "v-" + k));
            Set<RedisServer> owners = new HashSet<>();
            keys.forEach(k -> owners.add(cluster.masterOf(k)));
            assertThat(owners).as("300 keys land on every master").containsExactlyInAnyOrderElementsOf(cluster.masters());

            RedisServer victim = cluster.masterOf("k1");
            RedisServer replica = cluster.replicasOf(victim).getFirst();
            awaitReplicated(replica, "k1", "v-k1");
            victim.kill();
            cluster.awaitReady(Duration.ofSeconds(30));
            assertThat(cluster.masterOf("k1")).as("the replica of the killed master serves its slots").isEqualTo(replica);
            assertThat(jedis.get("k1")).as("with the data it replicated").isEqualTo("v-k1");

            victim.restart();
            cluster.awaitReady(Duration.ofSeconds(30));
            assertThat(cluster.replicasOf(replica)).as("the old master rejoined as a replica").containsExactly(victim);
            assertThat(cluster.masters()).hasSize(3).doesNotContain(victim);
        }
    }

    @Test
    void aClusterWithAPasswordAndTlsServesOnlyWhoKnowsThePasswordAndTheCa() {
        TestCertificates tls = TestCertificates.shared();
        RedisCluster.Options options = RedisCluster.Options.DEFAULT.withShape(3, 0).withPassword("cluster pass \"x\"")
                .withTls(tls);
        try (RedisCluster cluster = RedisCluster.start(options)) {
            assertThat(cluster.seeds()).startsWith("rediss://127.0.0.1:");
            assertThat(cluster.masters()).hasSize(3);
            Set<HostAndPort> seeds = Set.of(new HostAndPort("127.0.0.1", cluster.nodes().getFirst().port()));
            var config = DefaultJedisClientConfig.builder().password(options.password()).ssl(true)
                    .sslSocketFactory(sslFactory(tls)).build();
            try (JedisCluster jedis = new JedisCluster(seeds, config)) {
                IntStream.range(0, 50).forEach(i -> jedis.set("t" + i, "v" + i));
                assertThat(jedis.get("t42")).isEqualTo("v42");
            }
            assertThat(Probes.redisPing(cluster.nodes().getFirst().port(), null, tls.caFile()))
                    .as("no PING without the password").isFalse();
        }
    }

    private static void awaitReplicated(RedisServer replica, String key, String value) {
        try (Jedis jedis = new Jedis("127.0.0.1", replica.port())) {
            jedis.readonly();
            org.awaitility.Awaitility.await("replica " + replica.port() + " has " + key).atMost(Duration.ofSeconds(10))
                    .until(() -> value.equals(jedis.get(key)));
        }
    }

    private static javax.net.ssl.SSLSocketFactory sslFactory(TestCertificates tls) {
        try {
            return Probes.trusting(tls.caFile()).getSocketFactory();
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
