package io.nearby.server.session;

import java.util.List;
import java.util.Map;

import io.nearby.friends.UserProfile;
import io.nearby.geo.GeoPoint;
import io.nearby.geo.GreatCircle;
import io.nearby.geo.Radius;
import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.GoneReason;
import io.nearby.server.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The event rules of one connection, exactly (the pure part of the golden scenarios). */
class FriendViewTest {
    private static final Radius FIVE_MILES = Radius.ofMiles(5);
    private static final long INACTIVE = 600_000;
    private static final GeoPoint HOME = new GeoPoint(37.7749, -122.4194);
    private static final UserProfile BOB = new UserProfile("bob", "Bob", "", true, false);
    private static final UserProfile CAROL = new UserProfile("carol", "Carol", "", true, false);

    private final FriendView view = new FriendView(FIVE_MILES, INACTIVE);

    private static CachedLocation at(GeoPoint p, long t) {
        return new CachedLocation(p.lat(), p.lon(), t, t);
    }

    private static GeoPoint north(double meters) {
        return GreatCircle.destination(HOME, 0, meters);
    }

    @Test
    void comesIntoRangeMovesLeavesAndComesBack() {
        view.reset(HOME, List.of(BOB), Map.of(), 0);
        assertThat(view.moved("bob", at(north(20_000), 1), 1)).as("far away: nothing").isEmpty();
        assertThat(view.moved("bob", at(north(7_000), 2), 2)).singleElement()
                .isInstanceOfSatisfying(ServerMessage.FriendLocation.class, m -> {
                    assertThat(m.id()).isEqualTo("bob");
                    assertThat(m.name()).isEqualTo("Bob");
                    assertThat(m.distanceMeters()).isCloseTo(7_000, org.assertj.core.data.Offset.offset(1.0));
                    assertThat(m.ts()).isEqualTo(2);
                });
        assertThat(view.moved("bob", at(north(6_000), 3), 3)).singleElement().isInstanceOf(ServerMessage.FriendLocation.class);
        assertThat(view.moved("bob", at(north(9_000), 4), 4)).containsExactly(new ServerMessage.FriendGone("bob", GoneReason.OUT_OF_RANGE));
        assertThat(view.moved("bob", at(north(10_000), 5), 5)).as("still out: silent").isEmpty();
        assertThat(view.moved("bob", at(north(100), 6), 6)).singleElement().isInstanceOf(ServerMessage.FriendLocation.class);
    }

    @Test
    void initShowsOnlyActiveFriendsInRangeNearestFirst() {
        long now = 1_000_000;
        view.reset(HOME, List.of(BOB, CAROL, new UserProfile("dave", "Dave", "", true, false)),
                Map.of("bob", at(north(3_000), now - 10), "carol", at(north(1_000), now - 20),
                        "dave", at(north(500), now - INACTIVE - 1), "mallory", at(north(10), now)), now);
        ServerMessage.Nearby page = view.page(0, 20);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.friends()).extracting(ServerMessage.NearbyFriend::id).containsExactly("carol", "bob");
    }

    @Test
    void ownMovesChangeVisibilityOnlyAtTheEdges() {
        long now = 10;
        view.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(7_000), now), "carol", at(north(-7_000), now)), now);
        assertThat(view.page(0, 20).total()).isEqualTo(2);
        List<ServerMessage> moved = view.ownMoved(north(3_000), now);
        assertThat(moved).containsExactly(new ServerMessage.FriendGone("carol", GoneReason.OUT_OF_RANGE));
        assertThat(view.ownMoved(north(2_900), now)).as("bob stays visible: no message").isEmpty();
        assertThat(view.ownMoved(HOME, now)).singleElement()
                .isInstanceOfSatisfying(ServerMessage.FriendLocation.class, m -> assertThat(m.id()).isEqualTo("carol"));
    }

    @Test
    void inactiveFriendsDisappearOnce() {
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(100), 0)), 0);
        assertThat(view.expire(INACTIVE - 1)).isEmpty();
        assertThat(view.expire(INACTIVE)).containsExactly(new ServerMessage.FriendGone("bob", GoneReason.INACTIVE));
        assertThat(view.expire(INACTIVE + 1000)).isEmpty();
        assertThat(view.page(0, 20).total()).isZero();
    }

    @Test
    void staleUpdatesAreIgnored() {
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(100), 50)), 50);
        assertThat(view.moved("bob", at(north(200), 40), 60)).isEmpty();
        assertThat(view.page(0, 20).friends().getFirst().distanceMeters()).isCloseTo(100, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void nonFriendsNeverAppear() {
        view.reset(HOME, List.of(BOB), Map.of("mallory", at(north(10), 1)), 1);
        assertThat(view.moved("mallory", at(north(5), 2), 2)).isEmpty();
        assertThat(view.page(0, 20).total()).isZero();
    }

    @Test
    void unfriendedAndSharingOffAreReasonedOnlyWhenVisible() {
        view.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(100), 1)), 1);
        assertThat(view.removeFriend("bob")).containsExactly(new ServerMessage.FriendGone("bob", GoneReason.UNFRIENDED));
        assertThat(view.moved("bob", at(north(100), 2), 2)).as("no longer a friend").isEmpty();
        assertThat(view.gone("carol", GoneReason.SHARING_OFF)).as("carol was never shown").isEmpty();
        view.addFriend(BOB, at(north(50), 3), 3);
        assertThat(view.gone("bob", GoneReason.SHARING_OFF)).containsExactly(new ServerMessage.FriendGone("bob", GoneReason.SHARING_OFF));
    }

    @Test
    void mutedFriendsAreSilentUntilUnmuted() {
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(100), 1)), 1);
        view.mute("bob");
        assertThat(view.page(0, 20).total()).isZero();
        assertThat(view.moved("bob", at(north(90), 2), 2)).isEmpty();
        assertThat(view.unmute("bob", at(north(80), 3), 3)).singleElement().isInstanceOf(ServerMessage.FriendLocation.class);
    }

    @Test
    void pagesOf20_20_5() {
        List<UserProfile> many = new java.util.ArrayList<>();
        Map<String, CachedLocation> locs = new java.util.HashMap<>();
        for (int i = 0; i < 45; i++) {
            String id = "f" + i;
            many.add(new UserProfile(id, "F" + i, "", true, false));
            locs.put(id, at(north(100 + 100 * (44 - i)), 1));
        }
        view.reset(HOME, many, locs, 1);
        ServerMessage.Nearby p0 = view.page(0, 20);
        ServerMessage.Nearby p1 = view.page(1, 20);
        ServerMessage.Nearby p2 = view.page(2, 20);
        assertThat(List.of(p0.friends().size(), p1.friends().size(), p2.friends().size())).containsExactly(20, 20, 5);
        assertThat(List.of(p0.total(), p1.total(), p2.total())).containsOnly(45);
        assertThat(p0.friends().getFirst().id()).isEqualTo("f44");
        assertThat(p2.friends().getLast().id()).isEqualTo("f0");
        assertThat(view.page(3, 20).friends()).isEmpty();
        assertThat(view.page(Integer.MAX_VALUE, 20).friends()).as("no overflow").isEmpty();
    }

    /** Far updates of hidden friends send nothing, yet their position is kept for when this user comes close. */
    @Test
    void farUpdatesOfHiddenFriendsAreRecordedAndCountWhenTheUserMoves() {
        view.reset(HOME, List.of(BOB, CAROL), Map.of(), 0);
        assertThat(view.moved("bob", at(north(20_000), 1), 1)).as("far and hidden").isEmpty();
        assertThat(view.moved("mallory", at(north(10), 1), 1)).as("not a friend").isEmpty();
        assertThat(view.moved("carol", at(north(900), 2), 2)).as("within the radius").singleElement()
                .isInstanceOf(ServerMessage.FriendLocation.class);
        assertThat(view.moved("carol", at(north(30_000), 3), 3)).as("shown: leaving is told")
                .containsExactly(new ServerMessage.FriendGone("carol", GoneReason.OUT_OF_RANGE));
        assertThat(view.ownMoved(north(19_900), 4)).as("bob's far position was recorded")
                .containsExactly(new ServerMessage.FriendLocation("bob", "Bob", north(20_000).lat(), north(20_000).lon(),
                        GreatCircle.meters(north(19_900), north(20_000)), 1));
    }

    /** An older update arriving after a newer one (two servers, a cache read racing the channel) changes nothing. */
    @Test
    void anOlderUpdateAfterANewerOneDoesNotResurrectAFriend() {
        view.reset(HOME, List.of(BOB), Map.of(), 0);
        CachedLocation near = at(north(1_000), 1);
        assertThat(view.moved("bob", near, 1)).hasSize(1);
        assertThat(view.moved("bob", at(north(50_000), 2), 2)).hasSize(1);
        assertThat(view.moved("bob", near, 2)).isEmpty();
        assertThat(view.page(0, 20).total()).isZero();
    }

    @Test
    void nextExpiryIsTheOldestVisibleUpdatePlusTheTimeout() {
        view.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(100), 1_000), "carol", at(north(200), 2_000)), 2_000);
        assertThat(view.nextExpiry()).isEqualTo(1_000 + INACTIVE);
        view.removeFriend("bob");
        assertThat(view.nextExpiry()).as("a bound: never later than the truth").isLessThanOrEqualTo(2_000 + INACTIVE);
        assertThat(view.expire(2_000)).isEmpty();
        assertThat(view.nextExpiry()).as("exact after expire").isEqualTo(2_000 + INACTIVE);
        view.removeFriend("carol");
        assertThat(view.nextExpiry()).isEqualTo(Long.MAX_VALUE);
    }

    /** Regression: a friend read from the cache at init, then the same update arriving on the channel, was announced twice. */
    @Test
    void theSameUpdateFromTheCacheAndFromTheChannelIsAnnouncedOnce() {
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(500), 7)), 7);
        CachedLocation sameUpdate = at(north(500), 7);
        assertThat(view.moved("bob", sameUpdate, 8)).isEmpty();
        assertThat(view.moved("bob", at(north(400), 9), 9)).hasSize(1);
    }

    /** Regression: a second update received in the same millisecond, with the same client time, was taken for the first. */
    @Test
    void aDifferentUpdateInTheSameMillisecondIsAnnounced() {
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(500), 7)), 7);
        assertThat(view.moved("bob", at(north(490), 7), 7)).singleElement().isInstanceOf(ServerMessage.FriendLocation.class);
    }

    /** Regression: at the first init, an update arriving between subscribing and reading the cache was dropped. */
    @Test
    void anUpdateArrivingBetweenSubscribingAndTheCacheReadIsKept() {
        view.befriend(List.of(BOB));
        CachedLocation onTheChannel = at(north(300), 9);
        assertThat(view.moved("bob", onTheChannel, 9)).as("no own position yet: recorded, nothing to send").isEmpty();
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(20_000), 8)), 9);
        assertThat(view.page(0, 20).friends()).singleElement()
                .satisfies(f -> assertThat(f.distanceMeters()).isCloseTo(300, org.assertj.core.data.Offset.offset(1.0)));
    }

    @Test
    void aFriendWhoHidesIsNeverVisibleByAnyPathAndGoneAsSharingOff() {
        view.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(100), 1), "carol", at(north(200), 1)), 1);
        assertThat(view.hideFrom("bob")).containsExactly(new ServerMessage.FriendGone("bob", GoneReason.SHARING_OFF));
        assertThat(view.hideFrom("bob")).as("already hidden").isEmpty();
        assertThat(view.moved("bob", at(north(90), 2), 2)).as("channel").isEmpty();
        assertThat(view.ownMoved(north(10), 2)).as("own move").isEmpty();
        assertThat(view.unmute("bob", at(north(80), 3), 3)).as("subscribe").isEmpty();
        assertThat(view.page(0, 20).friends()).as("page").extracting(ServerMessage.NearbyFriend::id).containsExactly("carol");
        view.hiddenBy(java.util.Set.of("bob"));
        view.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(70), 4)), 4);
        assertThat(view.page(0, 20).friends()).as("init").extracting(ServerMessage.NearbyFriend::id).containsExactly("carol");
        assertThat(view.reveal("bob", at(north(60), 5), 5)).singleElement()
                .isInstanceOfSatisfying(ServerMessage.FriendLocation.class, m -> assertThat(m.ts()).isEqualTo(5));
        view.hiddenBy(java.util.Set.of());
        assertThat(view.moved("bob", at(north(50), 6), 6)).singleElement().isInstanceOf(ServerMessage.FriendLocation.class);
    }

    @Test
    void aFriendWalkingAlongTheAlertBoundaryAlertsOncePerRealCrossing() {
        view.alertMeters(500);
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(2_000), 0)), 0);
        double[] walk = {900, 520, 499, 510, 495, 530, 580, 599, 560, 490, 601, 590, 480, 470, 650, 505, 497, 3_000, 400};
        List<Integer> alerted = new java.util.ArrayList<>();
        for (int i = 0; i < walk.length; i++) {
            for (ServerMessage m : view.moved("bob", at(north(walk[i]), i + 1), i + 1)) {
                if (m instanceof ServerMessage.FriendNearby n) {
                    assertThat(n.distanceMeters()).isCloseTo(walk[i], org.assertj.core.data.Offset.offset(1.0));
                    assertThat(n.name()).isEqualTo("Bob");
                    alerted.add(i);
                }
            }
        }
        // 19 moves, most of them wiggles around 500 m; real crossings: in at 499 (after being farther than 600 m: out
        // at 601), in at 480, out at 650, in at 497, out at 3 km, in at 400
        assertThat(alerted).containsExactly(2, 12, 16, 18);
    }

    @Test
    void alertsCountWhenTheUserMovesTooButNotForWhoIsAlreadyNear() {
        view.alertMeters(500);
        view.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(300), 0), "carol", at(north(1_500), 0)), 0);
        assertThat(view.moved("bob", at(north(250), 1), 1)).as("near at init: no alert").singleElement()
                .isInstanceOf(ServerMessage.FriendLocation.class);
        List<ServerMessage> walked = view.ownMoved(north(1_100), 2);
        assertThat(walked).singleElement().isInstanceOfSatisfying(ServerMessage.FriendNearby.class,
                m -> assertThat(m.id()).isEqualTo("carol"));
        view.alertMeters(0);
        assertThat(view.ownMoved(north(1_500), 3)).as("alerts off").isEmpty();
    }

    // ------------------------------------------------------------------ the cadence's earliest entry

    /** 120 km/h = 1/30 m per ms: 1 km of gap is 30 s. */
    private final FriendView timed = new FriendView(FIVE_MILES, INACTIVE, io.nearby.server.config.CadenceRules.defaults(
            java.time.Duration.ofMillis(INACTIVE)));

    @Test
    void theEarliestEntryIsTheOlderUpdatePlusTheGapAtTheClosingSpeed() {
        long now = 100_000;
        double r = FIVE_MILES.meters();
        timed.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(r + 3_000), now - 40_000)), now);
        assertThat(timed.earliestEntry(now, now)).as("bob's update is the older: 40 s ago + 3 km at 120 km/h")
                .isCloseTo(now - 40_000 + 90_000, org.assertj.core.data.Offset.offset(2L));
        assertThat(timed.earliestEntry("bob", now - 60_000, now)).as("the user's own update older still")
                .isCloseTo(now - 60_000 + 90_000, org.assertj.core.data.Offset.offset(2L));
        assertThat(timed.earliestEntry("carol", now, now)).as("no position known").isEqualTo(Long.MAX_VALUE);
        timed.moved("carol", at(north(1_000), now), now);
        assertThat(timed.earliestEntry(now, now)).as("carol is within the radius: now").isEqualTo(now);
    }

    @Test
    void friendsWhoCannotCountAreLeftOut() {
        long now = 100_000;
        double r = FIVE_MILES.meters();
        timed.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(r + 1_000), now), "carol", at(north(500), now)), now);
        timed.hiddenBy(java.util.Set.of("carol"));
        timed.reset(HOME, List.of(BOB, CAROL), Map.of(), now);
        assertThat(timed.earliestEntry(now, now)).as("carol hides from the user: only bob counts")
                .isCloseTo(now + 30_000, org.assertj.core.data.Offset.offset(2L));
        timed.mute("bob");
        assertThat(timed.earliestEntry(now, now)).as("bob muted").isEqualTo(Long.MAX_VALUE);
        timed.unmute("bob", null, now);
        assertThat(timed.earliestEntry(now, now + INACTIVE)).as("bob inactive").isEqualTo(Long.MAX_VALUE);
        timed.gone("bob", GoneReason.SHARING_OFF);
        assertThat(timed.earliestEntry(now, now)).as("bob gone").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFriendBeyondTheReachCannotConstrainTheLongestInterval() {
        long now = 1_000_000;
        double r = FIVE_MILES.meters();
        // reach = r + 120 km/h × (300 s + 600 s) = r + 30 km
        timed.reset(HOME, List.of(BOB), Map.of("bob", at(north(r + 29_000), now - INACTIVE + 1)), now);
        assertThat(timed.earliestEntry(now, now)).as("within reach: measured").isLessThan(now + 300_000);
        timed.moved("bob", at(north(r + 31_000), now), now);
        assertThat(timed.earliestEntry(now, now)).as("beyond reach: not measured").isEqualTo(Long.MAX_VALUE);
        assertThat(view.earliestEntry(now, now)).as("a view without the cadence").isEqualTo(Long.MAX_VALUE);
    }

    // ------------------------------------------------------------------ the cadence's alert zone

    @Test
    void theAlertZoneIsTheExitDistanceOfTheLargerOfTheTwoAlertDistances() {
        UserProfile carolAlerts = new UserProfile("carol", "Carol", "", true, false, null, 1_000);
        view.reset(HOME, List.of(BOB, carolAlerts), Map.of("bob", at(north(550), 1), "carol", at(north(3_000), 1)), 1);
        assertThat(view.inAlertZone("bob")).as("no alert distance on either side").isFalse();
        assertThat(view.inAlertZoneAtOwnMove()).isFalse();
        view.alertMeters(500);
        assertThat(view.inAlertZone("bob")).as("550 m: within 1.2 × 500 m").isTrue();
        view.ownMoved(HOME, 1);
        assertThat(view.inAlertZoneAtOwnMove()).as("found by the user's own move").isTrue();
        view.moved("bob", at(north(650), 2), 2);
        assertThat(view.inAlertZone("bob")).as("650 m: beyond 600 m").isFalse();
        assertThat(view.inAlertZone("carol")).as("3 km: beyond carol's 1.2 km").isFalse();
        view.ownMoved(HOME, 2);
        assertThat(view.inAlertZoneAtOwnMove()).isFalse();
        view.moved("carol", at(north(1_100), 3), 3);
        assertThat(view.inAlertZone("carol")).as("1.1 km: within carol's own 1 km × 1.2").isTrue();
        view.ownMoved(HOME, 3);
        assertThat(view.inAlertZoneAtOwnMove()).isTrue();
        view.mute("carol");
        view.ownMoved(HOME, 4);
        assertThat(view.inAlertZoneAtOwnMove()).as("muted: not seen").isFalse();
        assertThat(view.inAlertZone("nobody")).isFalse();
    }

    @Test
    void theUsersInitFindsAFriendAlreadyInTheAlertZone() {
        view.alertMeters(500);
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(590), 1)), 1);
        assertThat(view.inAlertZoneAtOwnMove()).isTrue();
        view.reset(HOME, List.of(BOB), Map.of("bob", at(north(610), 2)), 2);
        assertThat(view.inAlertZoneAtOwnMove()).isFalse();
    }

    @Test
    void aFriendWhoHidesFromTheUserOrIsNotShownIsNeverInTheAlertZone() {
        view.alertMeters(500);
        view.reset(HOME, List.of(BOB, CAROL), Map.of(), 1);
        view.hiddenBy(java.util.Set.of("bob"));
        view.reset(HOME, List.of(BOB, CAROL), Map.of("bob", at(north(100), 1), "carol", at(north(200), 1)), 1);
        assertThat(view.inAlertZone("bob")).as("bob hides from the user").isFalse();
        assertThat(view.inAlertZone("carol")).isTrue();
        view.gone("carol", GoneReason.SHARING_OFF);
        assertThat(view.inAlertZone("carol")).as("carol gone").isFalse();
        view.ownMoved(HOME, 2);
        assertThat(view.inAlertZoneAtOwnMove()).isFalse();
    }
}
