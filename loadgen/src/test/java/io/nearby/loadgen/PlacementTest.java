package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final double RADIUS = 8046.72;

    @Test
    void twoServersAreBalancedAndMostFriendPairsCross() {
        SocialGraph seed = SocialGraph.generateNear(1000, 80, 40, RADIUS, 42);
        Placement p = Placement.crossing(seed, 2);

        assertThat(p.sizes()).containsExactly(500, 500);
        assertThat(p.crossShareOfFriendPairs(seed)).as("friend pairs across the two servers").isGreaterThan(0.53);
        assertThat(p.crossShareOfDeliveries(seed)).as("deliveries across the two servers").isGreaterThan(0.53);
        assertThat(Placement.crossing(seed, 2).toArray()).as("deterministic").isEqualTo(p.toArray());
    }

    @Test
    void moreServersCrossMoreAndStayBalanced() {
        SocialGraph g = SocialGraph.generate(1001, 20, 0.1, RADIUS, 7);
        Placement three = Placement.crossing(g, 3);

        assertThat(three.sizes()).containsExactlyInAnyOrder(334, 334, 333);
        assertThat(three.crossShareOfFriendPairs(g)).as("above a random placement's 2/3").isGreaterThan(2.0 / 3);
        assertThat(Arrays.stream(three.toArray()).allMatch(s -> s >= 0 && s < 3)).isTrue();
    }

    @Test
    void oneServerHoldsEveryoneAndNothingCrosses() {
        SocialGraph g = SocialGraph.generate(200, 20, 0.1, RADIUS, 1);

        for (Placement p : new Placement[] {Placement.crossing(g, 1), Placement.single(200)}) {
            assertThat(p.sizes()).containsExactly(200);
            assertThat(p.crossShareOfFriendPairs(g)).isZero();
            assertThat(p.crossShareOfDeliveries(g)).isZero();
        }
        assertThatThrownBy(() -> Placement.crossing(g, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
