package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisAddressTest {

    @Test
    void parsesHostPortAndCredentials() {
        assertThat(RedisAddress.parse(" redis://127.0.0.1:6380 "))
                .isEqualTo(new RedisAddress("redis://127.0.0.1:6380", "127.0.0.1", 6380, null, null));
        assertThat(RedisAddress.parse("redis://pubsub-0.redis")).extracting(RedisAddress::port).isEqualTo(6379);
        RedisAddress withAuth = RedisAddress.parse("redis://app:s3cret@10.0.0.5:7000/0");
        assertThat(withAuth.user()).isEqualTo("app");
        assertThat(withAuth.password()).isEqualTo("s3cret");
        assertThat(withAuth.toString()).isEqualTo("10.0.0.5:7000").doesNotContain("s3cret");
        assertThat(RedisAddress.parse("redis://:only@h:1").user()).isNull();
    }

    @Test
    void rejectsWhatIsNotARedisUri() {
        assertThatThrownBy(() -> RedisAddress.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RedisAddress.parse("http://h:1")).hasMessageContaining("redis://host:port");
        assertThatThrownBy(() -> RedisAddress.parse("127.0.0.1:6379")).hasMessageContaining("redis://host:port");
    }
}
