package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nearby.ring.RingNode;
import org.junit.jupiter.api.Test;

class RedisAddressTest {

    @Test
    void parsesTheRingsCanonicalForm() {
        assertThat(RedisAddress.parse(" redis://127.0.0.1:6380 "))
                .isEqualTo(new RedisAddress("redis://127.0.0.1:6380", "127.0.0.1", 6380, false));
        assertThat(RedisAddress.parse("redis://pubsub-0.redis")).extracting(RedisAddress::port).isEqualTo(6379);
        RedisAddress upper = RedisAddress.parse("REDIS://PubSub-1.Redis:7000");
        assertThat(upper).isEqualTo(new RedisAddress("redis://pubsub-1.redis:7000", "pubsub-1.redis", 7000, false));
        assertThat(upper.toString()).isEqualTo("pubsub-1.redis:7000");
        assertThat(RedisAddress.parse("redis://[::1]:7001")).isEqualTo(new RedisAddress("redis://[::1]:7001", "[::1]", 7001, false));
    }

    @Test
    void redissIsTlsAndKeepsItsScheme() {
        RedisAddress tls = RedisAddress.parse("REDISS://Cache.Example.com:6380");
        assertThat(tls).isEqualTo(new RedisAddress("rediss://cache.example.com:6380", "cache.example.com", 6380, true));
        assertThat(tls.toString()).isEqualTo("cache.example.com:6380 (TLS)");
        assertThat(RedisAddress.parse("rediss://[::1]").uri()).isEqualTo("rediss://[::1]:6379");
        assertThat(RingNode.of("rediss://h:1").url()).as("a distinct node from redis://h:1").isNotEqualTo(RingNode.of("redis://h:1").url());
    }

    @Test
    void aUrlWithCredentialsSplitsIntoAnAddressAndTheCredentials() {
        RedisUrl url = RedisUrl.parse(" rediss://nearby:s3cr%40t@Cache:6380 ");
        assertThat(url.address()).isEqualTo(RedisAddress.parse("rediss://cache:6380"));
        assertThat(url.user()).contains("nearby");
        assertThat(url.password()).as("percent-decoded").contains("s3cr@t");
        assertThat(url.toString()).isEqualTo("rediss://cache:6380".replace("://", "://nearby:***@"));
        RedisUrl defaultUser = RedisUrl.parse("redis://:pw@127.0.0.1:6379");
        assertThat(defaultUser.user()).isEmpty();
        assertThat(defaultUser.password()).contains("pw");
        assertThat(defaultUser.security(java.util.Optional.empty()).toString()).isEqualTo(
                "AUTH default ***, TLS trust the JDK's default CAs").doesNotContain("pw@");
        RedisUrl none = RedisUrl.parse("redis://127.0.0.1:6379");
        assertThat(none.password()).isEmpty();
        assertThat(none.security(java.util.Optional.empty())).isEqualTo(RedisSecurity.NONE);
    }

    @Test
    void aBadUrlWithCredentialsIsRefusedWithoutRepeatingThePassword() {
        for (String bad : new String[] {"redis://s3cret@h:1", "redis://u:@h:1", "redis://u:s3cret@h:1/0", "http://u:s3cret@h:1",
                "redis://u:s3cret@h:1 x"}) {
            assertThatThrownBy(() -> RedisUrl.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("s3cret");
        }
        assertThatThrownBy(() -> new RedisSecurity(java.util.Optional.of("u"), java.util.Optional.empty(), java.util.Optional.empty()))
                .hasMessageContaining("needs a password");
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
        assertThatThrownBy(() -> RedisAddress.parse("http://h:1")).hasMessageContaining("redis://host:port")
                .hasMessageContaining("rediss://");
        assertThatThrownBy(() -> RedisAddress.parse("127.0.0.1:6379")).hasMessageContaining("redis://host:port");
        assertThatThrownBy(() -> RedisAddress.parse("redis://h:1/0")).hasMessageContaining("no path");
    }

    @Test
    void aPubSubTakesNodesInCanonicalFormOnlySoThatTheRoutersIdsMatch() {
        assertThatThrownBy(() -> Rings.onOne("redis://LocalHost", new RecordingSink(), PubSubConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write redis://localhost:6379");
    }

    @Test
    void rejectsCredentialsWithoutRepeatingThem() {
        assertThatThrownBy(() -> RedisAddress.parse("redis://app:s3cret@10.0.0.5:7000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining("s3cret");
    }
}
