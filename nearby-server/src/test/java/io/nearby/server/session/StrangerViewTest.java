package io.nearby.server.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.nearby.geo.Coarsening;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.Radius;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.GoneReason;
import io.nearby.server.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StrangerViewTest {
    private static final GeoPoint ME = new GeoPoint(48.8566, 2.3522);
    private static final long INACTIVE = 600_000;
    private final StrangerView view = new StrangerView(Radius.ofMiles(5), INACTIVE);

    private static CachedLocation at(GeoPoint p, long t) {
        return new CachedLocation(p.lat(), p.lon(), t, t);
    }

    @Test
    void aNearbyStrangerIsShownCoarsenedAndAFarOneNever() {
        GeoPoint near = GreatCircle.destination(ME, 45, 3_210);
        List<ServerMessage> out = view.moved("s1", "Sam", at(near, 1), ME, 1);
        assertThat(out).singleElement().isInstanceOfSatisfying(ServerMessage.StrangerLocation.class, m -> {
            GeoPoint snapped = Coarsening.snapToGrid(near);
            assertThat(m.lat()).isEqualTo(snapped.lat());
            assertThat(m.lon()).isEqualTo(snapped.lon());
            assertThat(m.lat()).isNotEqualTo(near.lat());
            assertThat(m.distanceMeters() % 500).isZero();
            assertThat(m.name()).isEqualTo("Sam");
        });
        assertThat(view.moved("far", "Far", at(GreatCircle.destination(ME, 0, 30_000), 1), ME, 1)).isEmpty();
    }

    @Test
    void repeatedReadingsAddNothingAndLeavingSaysGone() {
        GeoPoint p = GreatCircle.destination(ME, 90, 2_000);
        assertThat(view.moved("s", "S", at(p, 1), ME, 1)).hasSize(1);
        assertThat(view.moved("s", "S", at(GreatCircle.destination(p, 0, 1), 2), ME, 2)).as("same reading").isEmpty();
        assertThat(view.moved("s", "S", at(GreatCircle.destination(ME, 90, 20_000), 3), ME, 3))
                .containsExactly(new ServerMessage.StrangerGone("s", GoneReason.OUT_OF_RANGE));
        assertThat(view.gone("s", GoneReason.SHARING_OFF)).as("already gone").isEmpty();
    }

    /** PROTOCOL.md: repeated readings of a moving stranger cannot locate them closer than the grid. */
    @Test
    void aWalkingStrangerOnlyEverAppearsAtGridCentresWithRoundedDistances() {
        Set<String> readings = new HashSet<>();
        List<ServerMessage.StrangerLocation> all = new ArrayList<>();
        GeoPoint start = GreatCircle.destination(ME, 200, 4_000);
        for (int step = 0; step <= 300; step++) {
            GeoPoint p = GreatCircle.destination(start, 20, step * 10.0);
            for (ServerMessage m : view.moved("walker", "W", at(p, step + 1), ME, step + 1)) {
                ServerMessage.StrangerLocation s = (ServerMessage.StrangerLocation) m;
                all.add(s);
                readings.add(s.lat() + "," + s.lon() + "," + s.distanceMeters());
                GeoPoint shown = new GeoPoint(s.lat(), s.lon());
                assertThat(Coarsening.snapToGrid(shown)).as("a grid centre").isEqualTo(shown);
                assertThat(s.distanceMeters() % 500).isZero();
                assertThat(s.distanceMeters()).isGreaterThanOrEqualTo(500);
            }
        }
        assertThat(all.size()).as("3 km walked in 10 m steps: only grid changes are reported").isLessThan(20);
        assertThat(readings).hasSameSizeAs(all);
    }

    @Test
    void inactiveStrangersExpireAndTheCapHolds() {
        for (int i = 0; i < StrangerView.MAX_SHOWN + 10; i++) {
            view.moved("s" + i, "S", at(GreatCircle.destination(ME, i * 3.0, 1_000 + i * 10), 0), ME, 0);
        }
        assertThat(view.isShown("s" + (StrangerView.MAX_SHOWN + 5))).isFalse();
        assertThat(view.expire(INACTIVE)).hasSize(StrangerView.MAX_SHOWN)
                .allSatisfy(m -> assertThat(((ServerMessage.StrangerGone) m).reason()).isEqualTo(GoneReason.INACTIVE));
    }

    @Test
    void receiverMovingAwayHidesStrangers() {
        GeoPoint s = GreatCircle.destination(ME, 0, 3_000);
        view.moved("s", "S", at(s, 1), ME, 1);
        assertThat(view.ownMoved(GreatCircle.destination(ME, 180, 9_000), 2)).containsExactly(new ServerMessage.StrangerGone("s", GoneReason.OUT_OF_RANGE));
    }
}
