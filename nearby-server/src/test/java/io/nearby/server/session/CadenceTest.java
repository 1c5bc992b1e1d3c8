package io.nearby.server.session;

import java.time.Duration;

import io.nearby.server.config.CadenceRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The interval rule and when it is told (P = 30 s, longest 300 s). */
class CadenceTest {
    private static final long S = 1000;
    private static final CadenceRules RULES = CadenceRules.defaults(Duration.ofMinutes(10));

    private final Cadence cadence = new Cadence(RULES);

    @Test
    void theIntervalIsTheRoomBeforeTheEarliestEntryPlusOnePeriodRoundedDownToPeriods() {
        long now = 1_000_000;
        assertThat(cadence.ownUpdate(now, Long.MAX_VALUE, false, true)).as("nobody could come: the longest").isEqualTo(300);
        assertThat(cadence.ownUpdate(now, now + 119 * S, false, false)).as("149 s of room → 120").isEqualTo(120);
        assertThat(cadence.ownUpdate(now, now + 120 * S, false, false)).as("150 s of room → 150").isEqualTo(150);
        assertThat(cadence.ownUpdate(now, now + 10 * S, false, false)).as("40 s of room → the normal period").isEqualTo(30);
        assertThat(cadence.ownUpdate(now, now - 100 * S, false, false)).as("could be in already: P, unchanged, so not told").isZero();
        assertThat(cadence.toldMillis()).isEqualTo(30 * S);
        assertThat(cadence.ownUpdate(now, now + 3600 * S, false, false)).as("capped at the longest").isEqualTo(300);
        assertThat(cadence.ownUpdate(now, Long.MIN_VALUE, false, false)).as("the normal period asked for").isEqualTo(30);
    }

    @Test
    void anUnchangedIntervalIsToldOnlyAfterInit() {
        assertThat(cadence.ownUpdate(0, Long.MAX_VALUE, false, true)).isEqualTo(300);
        assertThat(cadence.ownUpdate(300 * S, Long.MAX_VALUE, false, false)).isZero();
        assertThat(cadence.ownUpdate(600 * S, Long.MAX_VALUE, false, true)).as("a new init: told again").isEqualTo(300);
    }

    @Test
    void aFriendComingCloserShortensAtOnceButNeverLengthens() {
        assertThat(cadence.mayShorten()).as("nothing told yet").isFalse();
        assertThat(cadence.shorten(0, Long.MIN_VALUE, false)).isZero();
        cadence.ownUpdate(0, Long.MAX_VALUE, false, true); // 300 s: the client sends again by 300 s
        assertThat(cadence.mayShorten()).isTrue();
        assertThat(cadence.shorten(10 * S, 400 * S, false)).as("entry at 400 s: 300 s is early enough").isZero();
        assertThat(cadence.shorten(20 * S, 100 * S, false)).as("entry at 100 s: send by 130 s → 90 s from now").isEqualTo(90);
        assertThat(cadence.shorten(25 * S, 100 * S, false)).as("the same friend again: already early enough").isZero();
        assertThat(cadence.shorten(30 * S, 35 * S, false)).as("could enter in 5 s: the normal period").isEqualTo(30);
        assertThat(cadence.mayShorten()).as("at the normal period nothing can shorten").isFalse();
        assertThat(cadence.shorten(31 * S, 0, false)).isZero();
    }

    @Test
    void theNormalPeriodOnDemandShortensALongInterval() {
        cadence.ownUpdate(0, Long.MAX_VALUE, false, true);
        assertThat(cadence.shorten(100 * S, Long.MIN_VALUE, false)).isEqualTo(30);
    }

    @Test
    void movingWithAFriendInTheAlertZoneAsksForTheAlertIntervalUntilTheUsersOwnUpdateSaysOtherwise() {
        long now = 1_000_000;
        assertThat(cadence.alerts()).isTrue();
        assertThat(cadence.ownUpdate(now, now - 1, true, true)).as("moving, a friend within the alert zone").isEqualTo(10);
        assertThat(cadence.mayAlert()).as("already at the alert interval").isFalse();
        assertThat(cadence.mayShorten()).isFalse();
        assertThat(cadence.ownUpdate(now + 10 * S, Long.MAX_VALUE, true, false)).as("the alert wins over a far world")
                .isZero();
        assertThat(cadence.ownUpdate(now + 20 * S, now, false, false)).as("stopped: the normal period again").isEqualTo(30);
        assertThat(cadence.mayAlert()).isTrue();
        assertThat(cadence.shorten(now + 25 * S, now, false)).as("a friend's move does not lengthen or re-tell").isZero();
        assertThat(cadence.shorten(now + 45 * S, now, true)).as("5 s before the next update: 10 s would be later")
                .isZero();
        assertThat(cadence.ownUpdate(now + 50 * S, now, false, false)).as("unchanged").isZero();
        assertThat(cadence.shorten(now + 51 * S, now, true)).as("a friend comes near while the user moves: at once")
                .isEqualTo(10);
        assertThat(cadence.shorten(now + 52 * S, now, true)).as("told once").isZero();
    }

    @Test
    void withoutAnAlertIntervalTheNormalPeriodIsTheShortest() {
        Cadence noAlerts = new Cadence(new CadenceRules(Duration.ofSeconds(30), Duration.ofSeconds(300), 120,
                Duration.ZERO));
        assertThat(noAlerts.alerts()).isFalse();
        assertThat(noAlerts.ownUpdate(0, 0, true, true)).isEqualTo(30);
        assertThat(noAlerts.mayAlert()).isFalse();
    }

    @Test
    void offSaysNothing() {
        Cadence off = new Cadence(CadenceRules.OFF);
        assertThat(off.enabled()).isFalse();
        assertThat(off.ownUpdate(0, Long.MAX_VALUE, false, true)).isZero();
        assertThat(off.shorten(0, 0, false)).isZero();
        assertThat(off.mayShorten()).isFalse();
        assertThat(off.alerts()).isFalse();
        assertThat(off.ownUpdate(0, 0, true, true)).isZero();
    }
}
