package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nearby.ring.RingNode;
import org.junit.jupiter.api.Test;

class RedisAddressTest {

    @Test
    void parsesTheRingsCanonicalForm() {
        assertThat(RedisAddress.parse(" redis://127.0.0.1:6380 "))
                .isEqualTo(new RedisAddress("redis://127.0.0.1:6380", "127.0.0.1", 6380));
        assertThat(RedisAddress.parse("redis://pubsub-0.redis")).extracting(RedisAddress::port).isEqualTo(6379);
        RedisAddress upper = RedisAddress.parse("REDIS://PubSub-1.Redis:7000");
        assertThat(upper).isEqualTo(new RedisAddress("redis://pubsub-1.redis:7000", "pubsub-1.redis", 7000));
        assertThat(upper.toString()).isEqualTo("pubsub-1.redis:7000");
        assertThat(RedisAddress.parse("redis://[::1]:7001")).isEqualTo(new RedisAddress("redis://[::1]:7001", "[::1]", 7001));
    }

    @Test
    void theIdIsTheRingNodesUrl() {
        for (String text : new String[] {"redis://10.0.0.5:7000", "redis://pubsub-0.redis", " redis://A.b:1 "}) {
            assertThat(RedisAddress.parse(text).uri()).isEqualTo(RingNode.of(text).url());
        }
    }

    @Test
    void rejectsWhatIsNotARedisUri() {
        assertThatThrownBy(() -> RedisAddress.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RedisAddress.parse("http://h:1")).hasMessageContaining("redis://host:port");
        assertThatThrownBy(() -> RedisAddress.parse("127.0.0.1:6379")).hasMessageContaining("redis://host:port");
        assertThatThrownBy(() -> RedisAddress.parse("redis://h:1/0")).hasMessageContaining("no path");
    }

    @Test
    void aPubSubTakesNodesInCanonicalFormOnlySoThatTheRoutersIdsMatch() {
        assertThatThrownBy(() -> RedisPubSub.single("redis://LocalHost", new RecordingSink(), PubSubConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write redis://localhost:6379");
    }

    @Test
    void rejectsCredentialsWithoutRepeatingThem() {
        assertThatThrownBy(() -> RedisAddress.parse("redis://app:s3cret@10.0.0.5:7000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining("s3cret");
    }
}
