package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.Radius;
import org.junit.jupiter.api.Test;

class SocialGraphTest {
    private static final double RADIUS = Radius.DEFAULT.meters();

    @Test
    void everyUserHasAboutTheTargetDegreeAndNeverMore() {
        SocialGraph g = SocialGraph.generate(2000, 20, 0.1, RADIUS, 7);

        assertThat(g.meanDegree()).isCloseTo(20, within(0.1));
        long short2 = java.util.stream.IntStream.range(0, g.size()).filter(u -> g.degree(u) < 18).count();
        assertThat(short2).as("users with two or more friends missing").isLessThan(g.size() / 100);
        for (int u = 0; u < g.size(); u++) {
            assertThat(g.degree(u)).isLessThanOrEqualTo(20);
        }
    }

    @Test
    void friendshipIsSymmetricWithoutSelfLoopsOrDuplicates() {
        SocialGraph g = SocialGraph.generate(500, 30, 0.2, RADIUS, 1);

        for (int u = 0; u < g.size(); u++) {
            int[] f = g.friendsOf(u);
            assertThat(f).doesNotContain(u);
            assertThat(Arrays.stream(f).distinct().count()).isEqualTo(f.length);
            for (int v : f) {
                assertThat(g.friendsOf(v)).contains(u);
            }
        }
        assertThat(g.edges()).hasSize((int) Math.round(g.meanDegree() * g.size() / 2));
    }

    @Test
    void theShareOfFriendsWithinTheRadiusIsTheTarget() {
        SocialGraph tenth = SocialGraph.generate(3000, 20, 0.1, RADIUS, 3);
        SocialGraph quarter = SocialGraph.generate(3000, 40, 0.25, RADIUS, 3);

        assertThat(tenth.nearFraction()).isCloseTo(0.1, within(0.01));
        assertThat(tenth.meanNearDegree()).isCloseTo(2.0, within(0.1));
        assertThat(quarter.nearFraction()).isCloseTo(0.25, within(0.01));
    }

    @Test
    void aFractionThatIsNotAWholeNumberOfFriendsIsMetOnAverage() {
        SocialGraph g = SocialGraph.generate(3000, 15, 0.1, RADIUS, 11);

        assertThat(g.meanNearDegree()).isCloseTo(1.5, within(0.1));
    }

    @Test
    void noFriendIsNearbyWhenTheFractionIsZero() {
        SocialGraph g = SocialGraph.generate(400, 10, 0, RADIUS, 5);

        assertThat(g.nearFraction()).isZero();
        assertThat(g.meanDegree()).isCloseTo(10, within(0.2));
    }

    @Test
    void neighboursStayNearbyAndEveryoneElseFarWhateverTheyWalk() {
        SocialGraph g = SocialGraph.generate(200, 19, 0.5, RADIUS, 9);
        Walker walker = new Walker(RADIUS);
        Random rnd = new Random(2);
        GeoPoint[] at = new GeoPoint[g.size()];
        for (int u = 0; u < g.size(); u++) {
            at[u] = g.home(u);
        }
        for (int step = 0; step < 200; step++) {
            for (int u = 0; u < g.size(); u++) {
                at[u] = walker.next(g.home(u), at[u], rnd);
            }
        }
        for (int u = 0; u < g.size(); u++) {
            for (int f : g.friendsOf(u)) {
                double d = GreatCircle.meters(at[u], at[f]);
                if (g.hood(u) == g.hood(f)) {
                    assertThat(d).isLessThan(0.61 * RADIUS);
                } else {
                    assertThat(d).isGreaterThan(3 * RADIUS);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameGraph() {
        SocialGraph a = SocialGraph.generate(300, 12, 0.1, RADIUS, 42);
        SocialGraph b = SocialGraph.generate(300, 12, 0.1, RADIUS, 42);

        for (int u = 0; u < a.size(); u++) {
            assertThat(a.friendsOf(u)).containsExactly(b.friendsOf(u));
            assertThat(a.home(u)).isEqualTo(b.home(u));
        }
    }

    @Test
    void theDefaultShapeKeepsItsNeighbourhoodsOfTwenty() {
        SocialGraph g = SocialGraph.generate(1000, 20, 0.1, RADIUS, 42);

        assertThat(SocialGraph.hoodSize(2)).isEqualTo(20);
        for (int u = 0; u < g.size(); u++) {
            assertThat(g.hood(u)).isEqualTo(u / 20);
        }
    }

    @Test
    void neighbourhoodsGrowWithTheWantedNearFriends() {
        assertThat(SocialGraph.hoodSize(0)).isEqualTo(20);
        assertThat(SocialGraph.hoodSize(9.5)).isEqualTo(20);
        assertThat(SocialGraph.hoodSize(19)).isEqualTo(38);
        assertThat(SocialGraph.hoodSize(40)).isEqualTo(80);
    }

    @Test
    void theSeedShapeHasFortyNearAndFortyFarFriendsEach() {
        SocialGraph g = SocialGraph.generateNear(1000, 80, 40, RADIUS, 42);

        assertThat(g.meanNearDegree()).isCloseTo(40, within(0.3));
        assertThat(g.meanDegree()).isCloseTo(80, within(0.5));
        long hoods = java.util.stream.IntStream.range(0, g.size()).map(g::hood).distinct().count();
        assertThat(hoods).isEqualTo(12); // 1,000 / 80, in blocks of 83–84
        for (int u = 0; u < g.size(); u++) {
            assertThat(g.nearDegree(u)).isBetween(37, 41);
            int user = u;
            long sameHood = Arrays.stream(g.friendsOf(u)).filter(f -> g.hood(f) == g.hood(user)).count();
            assertThat(g.nearFriendsOf(u)).hasSize((int) sameHood);
        }
    }

    @Test
    void theNearFriendsAreExactlyTheNeighboursAmongTheFriendsWhateverTheyWalk() {
        SocialGraph g = SocialGraph.generateNear(400, 60, 40, RADIUS, 3);
        Walker walker = new Walker(RADIUS);
        Random rnd = new Random(4);
        GeoPoint[] at = new GeoPoint[g.size()];
        for (int u = 0; u < g.size(); u++) {
            at[u] = g.home(u);
        }
        for (int step = 0; step < 100; step++) {
            for (int u = 0; u < g.size(); u++) {
                at[u] = walker.next(g.home(u), at[u], rnd);
            }
        }
        for (int u = 0; u < g.size(); u++) {
            int[] near = g.nearFriendsOf(u);
            for (int f : g.friendsOf(u)) {
                double d = GreatCircle.meters(at[u], at[f]);
                if (Arrays.binarySearch(near, f) >= 0) {
                    assertThat(d).isLessThan(0.61 * RADIUS);
                } else {
                    assertThat(d).isGreaterThan(3 * RADIUS);
                }
            }
        }
    }

    @Test
    void theFloorsForwardingPlanIsEveryonesNearFriends() {
        SocialGraph g = SocialGraph.generateNear(300, 30, 10, RADIUS, 8);
        var plan = g.forwardingPlan();

        int[][] near = new int[g.size()][];
        for (int u = 0; u < g.size(); u++) {
            near[u] = g.nearFriendsOf(u);
        }
        assertThat(plan).isEqualTo(io.nearby.loadgen.floor.ForwardingPlan.of(near));
        assertThat(plan.size()).isEqualTo(300);
        assertThat(plan.meanTargets()).isCloseTo(g.meanNearDegree(), within(1e-9));
    }

    @Test
    void impossibleShapesAreRefused() {
        assertThatThrownBy(() -> SocialGraph.generate(10, 10, 0.1, RADIUS, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocialGraph.generate(10, 3, 1.5, RADIUS, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocialGraph.generateNear(100, 10, 11, RADIUS, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
