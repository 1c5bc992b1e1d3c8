package io.nearby.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RingEditsTest {
    private final RingSpec three = RingSpec.of(4, List.of("redis://a:1", "redis://b:1", "redis://c:1"), 160);

    @Test
    void addAppendsANodeAtItsOwnPositionsOrCreatesTheRing() {
        assertThat(RingEdits.add(three, "redis://D:1").urls()).containsExactly("redis://a:1", "redis://b:1",
                "redis://c:1", "redis://d:1");
        assertThat(RingEdits.add(null, "redis://a:1")).isEqualTo(RingSpec.of(1, List.of("redis://a:1"), 160));
        assertThatThrownBy(() -> RingEdits.add(three, "redis://a:1")).hasMessageContaining("already in the ring");
        assertThatThrownBy(() -> RingEdits.add(three, "http://x:1")).isInstanceOf(RingSpecException.class);
    }

    @Test
    void removeRefusesUnknownNodesAndTheLastNode() {
        assertThat(RingEdits.remove(three, "redis://b:1").urls()).containsExactly("redis://a:1", "redis://c:1");
        assertThatThrownBy(() -> RingEdits.remove(three, "redis://x:1")).hasMessageContaining("is not in the ring");
        RingSpec one = RingSpec.of(1, List.of("redis://a:1"), 160);
        assertThatThrownBy(() -> RingEdits.remove(one, "redis://a:1")).hasMessageContaining("last node");
        assertThatThrownBy(() -> RingEdits.remove(null, "redis://a:1")).hasMessageContaining("no ring yet");
    }

    @Test
    void replaceGivesTheNewNodeTheOldOnesPositionsSoOnlyItsChannelsMove() {
        RingSpec replaced = RingEdits.replace(three, "redis://b:1", "redis://z:1");
        assertThat(replaced.nodes()).containsExactly(RingNode.of("redis://a:1"), new RingNode("redis://z:1", "redis://b:1"),
                RingNode.of("redis://c:1"));
        double moved = RingEdits.movedShare(new HashRing(three), new HashRing(replaced), 100_000);
        double bShare = new HashRing(three).hashSpaceShares().get("redis://b:1");
        assertThat(moved).isCloseTo(bShare, within(0.01));
        // replacing the replacement keeps the original positions
        RingSpec again = RingEdits.replace(replaced, "redis://z:1", "redis://y:1");
        assertThat(again.nodes().get(1)).isEqualTo(new RingNode("redis://y:1", "redis://b:1"));
        assertThatThrownBy(() -> RingEdits.replace(three, "redis://x:1", "redis://y:1")).hasMessageContaining("not in the ring");
        assertThatThrownBy(() -> RingEdits.replace(three, "redis://a:1", "redis://c:1")).hasMessageContaining("already in");
    }

    @Test
    void addingBackAUrlWhosePositionsAnotherNodeTookGetsFreshPositions() {
        RingSpec replaced = RingEdits.replace(three, "redis://b:1", "redis://z:1");
        RingSpec back = RingEdits.add(new RingSpec(5, replaced.nodes(), 160), "redis://b:1");
        assertThat(back.nodes().getLast()).isEqualTo(new RingNode("redis://b:1", "redis://b:1@v6"));
    }

    @Test
    void setMakesExactlyTheseNodesKeepingVnodes() {
        RingSpec set = RingEdits.set(RingSpec.of(3, List.of("redis://a:1"), 50), List.of("redis://x:1", "redis://y:1"));
        assertThat(set.urls()).containsExactly("redis://x:1", "redis://y:1");
        assertThat(set.vnodes()).isEqualTo(50);
    }
}
