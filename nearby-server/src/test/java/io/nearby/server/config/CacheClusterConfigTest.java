package io.nearby.server.config;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NEARBY_REDIS_CLUSTER_NODES: the location cache on a Redis Cluster, and what it may not be combined with. */
class CacheClusterConfigTest {
    private static final String PW = "s3cret-value";

    private static NearbyConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("NEARBY_JWT_SECRET", "0123456789abcdef0123456789abcdef");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return NearbyConfig.fromEnvironment(env);
    }

    private static void refused(String variable, String why, String... pairs) {
        assertThatThrownBy(() -> config(pairs)).as(String.join(" ", pairs)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ":").hasMessageContaining(why).hasMessageNotContaining(PW);
    }

    @Test
    void unsetTheCacheIsTheOneServerOfNearbyRedisUrl() {
        BackendConfig b = config().backends();
        assertThat(b.cacheIsCluster()).isFalse();
        assertThat(b.redisClusterNodes()).isEmpty();
    }

    @Test
    void seedsAreRedisUrlsWithTheRingOnItsOwnNodesAndTheCachesCredentials() {
        BackendConfig b = config("NEARBY_REDIS_CLUSTER_NODES", " redis://Cache-0.cache:6379, redis://cache-1.cache:6379 ,",
                "NEARBY_PUBSUB_NODES", "redis://pubsub-0:6379", "NEARBY_REDIS_USER", "app", "NEARBY_REDIS_PASSWORD", PW)
                .backends();
        assertThat(b.cacheIsCluster()).isTrue();
        assertThat(b.redisClusterNodes()).extracting(Object::toString)
                .containsExactly("redis://cache-0.cache:6379", "redis://cache-1.cache:6379");
        assertThat(b.ringNodes()).extracting(Object::toString).containsExactly("redis://pubsub-0:6379");
        assertThat(b.cacheSecurity().user()).contains("app");
        assertThat(b.pubsubSecurity()).as("ring nodes default to the cache's credentials").isEqualTo(b.cacheSecurity());
        assertThat(b.toString()).contains("cluster [redis://cache-0.cache:6379, redis://cache-1.cache:6379]")
                .doesNotContain(PW);
        assertThat(config("NEARBY_REDIS_CLUSTER_NODES", "rediss://cache-0:6380", "NEARBY_ETCD_ENDPOINTS",
                "http://etcd:2379").backends().redisClusterNodes()).extracting(Object::toString)
                .as("with etcd the ring comes from etcd").containsExactly("rediss://cache-0:6380");
    }

    @Test
    void badSeedsAndCombinationsStopTheStartNamingTheVariable() {
        refused("NEARBY_REDIS_CLUSTER_NODES", "no credentials", "NEARBY_REDIS_CLUSTER_NODES",
                "redis://:" + PW + "@cache-0:6379", "NEARBY_PUBSUB_NODES", "redis://p:6379");
        refused("NEARBY_REDIS_CLUSTER_NODES", "expected redis or rediss://host:port", "NEARBY_REDIS_CLUSTER_NODES",
                "cache-0:6379", "NEARBY_PUBSUB_NODES", "redis://p:6379");
        refused("NEARBY_REDIS_CLUSTER_NODES", "not both", "NEARBY_REDIS_CLUSTER_NODES",
                "redis://cache-0:6379,rediss://cache-1:6380", "NEARBY_PUBSUB_NODES", "redis://p:6379");
        refused("NEARBY_REDIS_CLUSTER_NODES", "set one", "NEARBY_REDIS_CLUSTER_NODES", "redis://cache-0:6379",
                "NEARBY_REDIS_URL", "redis://cache:6379", "NEARBY_PUBSUB_NODES", "redis://p:6379");
        refused("NEARBY_PUBSUB_NODES", "required with NEARBY_REDIS_CLUSTER_NODES", "NEARBY_REDIS_CLUSTER_NODES",
                "redis://cache-0:6379");
    }
}
