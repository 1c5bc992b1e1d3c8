package io.nearby.server.location;

import java.util.List;

import io.nearby.ring.pubsub.RedisAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code CLUSTER SLOTS} replies as Redis 7 sends them (after Jedis' encoding: strings and longs). */
class SlotMapTest {
    private static List<Object> node(String endpoint, long port, String id) {
        return List.of(endpoint, port, id, List.of());
    }

    private static final List<Object> THREE_SHARDS = List.of(
            List.of(0L, 5460L, node("10.0.0.1", 6379, "a"), node("10.0.0.4", 6379, "d")),
            List.of(5461L, 10922L, node("10.0.0.2", 6379, "b"), node("10.0.0.5", 6379, "e")),
            List.of(10923L, 16383L, node("10.0.0.3", 6379, "c"), node("10.0.0.6", 6379, "f")));

    @Test
    void everySlotHasTheMasterOfItsRange() {
        SlotMap map = SlotMap.parse(THREE_SHARDS, false, "seed");
        assertThat(map.masters()).extracting(RedisAddress::uri)
                .containsExactly("redis://10.0.0.1:6379", "redis://10.0.0.2:6379", "redis://10.0.0.3:6379");
        assertThat(map.replicas()).hasSize(3);
        assertThat(map.owner(0).uri()).isEqualTo("redis://10.0.0.1:6379");
        assertThat(map.owner(5460).uri()).isEqualTo("redis://10.0.0.1:6379");
        assertThat(map.owner(5461).uri()).isEqualTo("redis://10.0.0.2:6379");
        assertThat(map.owner(16383).uri()).isEqualTo("redis://10.0.0.3:6379");
        assertThat(map.unassigned()).isZero();
        assertThat(map.slotsOf(map.masters().get(1))).isEqualTo(5462);
        assertThat(map.toString()).contains("redis://10.0.0.1:6379 (5461 slots)");
    }

    @Test
    void aMasterMayServeSeveralRangesAndSlotsMayBeUnassigned() {
        SlotMap map = SlotMap.parse(List.of(List.of(0L, 99L, node("h1", 7000, "a")), List.of(200L, 299L,
                node("h1", 7000, "a")), List.of(300L, 16383L, node("h2", 7001, "b"))), true, "seed");
        assertThat(map.masters()).extracting(RedisAddress::uri).containsExactly("rediss://h1:7000", "rediss://h2:7001");
        assertThat(map.owner(150)).isNull();
        assertThat(map.unassigned()).isEqualTo(100);
        assertThat(map.slotsOf(map.masters().getFirst())).isEqualTo(200);
    }

    @Test
    void aNodeThatDoesNotKnowItsAddressIsTheHostAsked() {
        SlotMap map = SlotMap.parse(List.of(List.of(0L, 16383L, node("?", 7000, "a"), node("", 7001, "b"))), false,
                "cache-0.cache");
        assertThat(map.owner(42).uri()).isEqualTo("redis://cache-0.cache:7000");
        assertThat(map.replicas()).extracting(RedisAddress::uri).containsExactly("redis://cache-0.cache:7001");
    }

    @Test
    void theSameOwnersAreTheSameMapWhateverTheReplicas() {
        SlotMap a = SlotMap.parse(THREE_SHARDS, false, "seed");
        SlotMap b = SlotMap.parse(List.of(List.of(0L, 5460L, node("10.0.0.1", 6379, "a")),
                List.of(5461L, 10922L, node("10.0.0.2", 6379, "b")),
                List.of(10923L, 16383L, node("10.0.0.3", 6379, "c"))), false, "seed");
        SlotMap failedOver = SlotMap.parse(List.of(List.of(0L, 5460L, node("10.0.0.4", 6379, "d")),
                List.of(5461L, 10922L, node("10.0.0.2", 6379, "b")),
                List.of(10923L, 16383L, node("10.0.0.3", 6379, "c"))), false, "seed");
        assertThat(a.sameOwners(b)).isTrue();
        assertThat(a.sameOwners(failedOver)).isFalse();
    }

    @Test
    void keysHashLikeRedisClusterWithHashTags() {
        assertThat(SlotMap.slot("foo")).isEqualTo(12182); // CLUSTER KEYSLOT foo
        assertThat(SlotMap.slot("{user1000}.following")).isEqualTo(SlotMap.slot("{user1000}.followers"));
    }

    @Test
    void whatIsNotASlotsReplyIsRefused() {
        assertThatThrownBy(() -> SlotMap.parse("OK", false, "h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlotMap.parse(List.of(List.of(0L, 20000L, node("h", 1, "a"))), false, "h"))
                .hasMessageContaining("not within");
        assertThatThrownBy(() -> SlotMap.parse(List.of(List.of(0L, 10L)), false, "h")).hasMessageContaining("[start, end");
    }
}
