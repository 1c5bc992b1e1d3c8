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
        assertThat(cadence.ownUpdate(now, Long.MAX_VALUE, true)).as("nobody could come: the longest").isEqualTo(300);
        assertThat(cadence.ownUpdate(now, now + 119 * S, false)).as("149 s of room → 120").isEqualTo(120);
        assertThat(cadence.ownUpdate(now, now + 120 * S, false)).as("150 s of room → 150").isEqualTo(150);
        assertThat(cadence.ownUpdate(now, now + 10 * S, false)).as("40 s of room → the normal period").isEqualTo(30);
        assertThat(cadence.ownUpdate(now, now - 100 * S, false)).as("could be in already: P, unchanged, so not told").isZero();
        assertThat(cadence.toldMillis()).isEqualTo(30 * S);
        assertThat(cadence.ownUpdate(now, now + 3600 * S, false)).as("capped at the longest").isEqualTo(300);
        assertThat(cadence.ownUpdate(now, Long.MIN_VALUE, false)).as("the normal period asked for").isEqualTo(30);
    }

    @Test
    void anUnchangedIntervalIsToldOnlyAfterInit() {
        assertThat(cadence.ownUpdate(0, Long.MAX_VALUE, true)).isEqualTo(300);
        assertThat(cadence.ownUpdate(300 * S, Long.MAX_VALUE, false)).isZero();
        assertThat(cadence.ownUpdate(600 * S, Long.MAX_VALUE, true)).as("a new init: told again").isEqualTo(300);
    }

    @Test
    void aFriendComingCloserShortensAtOnceButNeverLengthens() {
        assertThat(cadence.mayShorten()).as("nothing told yet").isFalse();
        assertThat(cadence.shorten(0, Long.MIN_VALUE)).isZero();
        cadence.ownUpdate(0, Long.MAX_VALUE, true); // 300 s: the client sends again by 300 s
        assertThat(cadence.mayShorten()).isTrue();
        assertThat(cadence.shorten(10 * S, 400 * S)).as("entry at 400 s: 300 s is early enough").isZero();
        assertThat(cadence.shorten(20 * S, 100 * S)).as("entry at 100 s: send by 130 s → 90 s from now").isEqualTo(90);
        assertThat(cadence.shorten(25 * S, 100 * S)).as("the same friend again: already early enough").isZero();
        assertThat(cadence.shorten(30 * S, 35 * S)).as("could enter in 5 s: the normal period").isEqualTo(30);
        assertThat(cadence.mayShorten()).as("at the normal period nothing can shorten").isFalse();
        assertThat(cadence.shorten(31 * S, 0)).isZero();
    }

    @Test
    void theNormalPeriodOnDemandShortensALongInterval() {
        cadence.ownUpdate(0, Long.MAX_VALUE, true);
        assertThat(cadence.shorten(100 * S, Long.MIN_VALUE)).isEqualTo(30);
    }

    @Test
    void offSaysNothing() {
        Cadence off = new Cadence(CadenceRules.OFF);
        assertThat(off.enabled()).isFalse();
        assertThat(off.ownUpdate(0, Long.MAX_VALUE, true)).isZero();
        assertThat(off.shorten(0, 0)).isZero();
        assertThat(off.mayShorten()).isFalse();
    }
}
