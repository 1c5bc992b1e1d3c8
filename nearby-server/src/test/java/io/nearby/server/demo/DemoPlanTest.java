package io.nearby.server.demo;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import io.nearby.api.UserIds;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.Radius;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoPlanTest {
    private static final GeoPoint CENTRE = new GeoPoint(51.5007, -0.1246);
    private static final double R = Radius.DEFAULT.meters();

    private static DemoPlan plan(String host, int friends, int strangers) {
        return DemoPlan.of(host, CENTRE, R, friends, strangers, new SplittableRandom(42));
    }

    @Test
    void twelveFriendsAndThreeStrangersWithEveryKindOfWalker() {
        DemoPlan plan = plan("alice", 12, 3);
        assertThat(plan.walkers()).hasSize(15);
        assertThat(plan.walkers().stream().filter(DemoPlan.Walker::friend)).hasSize(12);
        Set<DemoPlan.Kind> kinds = plan.walkers().stream().map(DemoPlan.Walker::kind).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrder(DemoPlan.Kind.values());
        assertThat(plan.walkers().stream().filter(w -> w.quietAfter().isPresent()).map(DemoPlan.Walker::kind))
                .containsExactly(DemoPlan.Kind.QUIET);
    }

    @Test
    void speedsAreThoseOfPeopleOnFootOrOnABike() {
        for (DemoPlan.Walker w : plan("alice", 40, 20).walkers()) {
            assertThat(w.speedKmh()).as(w.id()).isBetween(1.0, 15.0);
            // far below the per-connection update limit of 2/s
            assertThat(w.sendEvery().toSeconds()).isBetween(3L, 5L);
        }
    }

    @Test
    void mostStartInsideTheRadiusAndOneCommuterStartsOutside() {
        List<DemoPlan.Walker> walkers = plan("alice", 12, 3).walkers();
        long inside = walkers.stream().filter(w -> GreatCircle.meters(CENTRE, w.start()) < R).count();
        assertThat(inside).isGreaterThanOrEqualTo(10);
        DemoPlan.Walker in = walkers.stream().filter(w -> w.kind() == DemoPlan.Kind.COMMUTER_IN).findFirst().orElseThrow();
        assertThat(GreatCircle.meters(CENTRE, in.start())).isGreaterThan(R);
        assertThat(in.near()).isLessThan(R);
        assertThat(in.far()).isGreaterThan(R);
    }

    @Test
    void idsAreValidUserIdsUnderTheHostsPrefixEvenForTheLongestHostId() {
        String longest = "h".repeat(UserIds.MAX_LENGTH);
        for (String host : List.of("alice", longest)) {
            List<String> ids = plan(host, 12, 3).walkers().stream().map(DemoPlan.Walker::id).toList();
            assertThat(ids).allMatch(UserIds::valid).allMatch(id -> id.startsWith(DemoPlan.idPrefix(host))).doesNotHaveDuplicates();
        }
        assertThat(DemoPlan.idPrefix("alice")).isEqualTo("demo-alice-");
    }

    @Test
    void aSmallRadiusStillGivesBandsInsideOut() {
        DemoPlan small = DemoPlan.of("bob", CENTRE, Radius.ofMiles(0.5).meters(), 12, 3, new SplittableRandom(1));
        for (DemoPlan.Walker w : small.walkers()) {
            assertThat(w.near()).as(w.id()).isLessThan(w.far());
            w.walk(CENTRE, new SplittableRandom(2)).advance(60);
        }
    }
}
