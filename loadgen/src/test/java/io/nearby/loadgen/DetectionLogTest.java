package io.nearby.loadgen;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DetectionLogTest {
    private final DetectionLog log = new DetectionLog();

    @Test
    void anEntryIsToldWhenTheReceiverNextShowsTheFriend() {
        log.track(1, 2);
        log.truth(1, 2, false, 0); // the first sample only sets the state
        log.startCounting();
        log.truth(1, 2, true, 10);
        log.truth(1, 2, true, 11);
        log.shown(1, 2, 25);
        DetectionLog.Result r = log.result();
        assertThat(r.delays()).containsExactly(15.0);
        assertThat(r.entries()).isEqualTo(1);
        assertThat(r.worstDelay()).isEqualTo(15);
    }

    @Test
    void leavingBeforeBeingToldIsAPassageAndAnEntryWhileShownIsToldBefore() {
        log.track(1, 2);
        log.truth(1, 2, false, 0);
        log.startCounting();
        log.truth(1, 2, true, 10);
        log.truth(1, 2, false, 14);
        log.shown(1, 2, 20); // e.g. a stale reading: no entry pending
        log.gone(1, 2);
        log.shown(1, 2, 21);
        log.truth(1, 2, true, 30);
        DetectionLog.Result r = log.result();
        assertThat(r.passages()).containsExactly(4.0);
        assertThat(r.delays()).isEmpty();
        assertThat(r.alreadyShown()).isEqualTo(1);
        assertThat(r.entries()).isEqualTo(2);
    }

    @Test
    void onlyEntriesInTheWindowCountButTheyAreToldAfterItAndFreezingEndsEverything() {
        log.track(1, 2);
        log.track(2, 1);
        log.truth(1, 2, false, 0);
        log.truth(2, 1, false, 0);
        log.truth(1, 2, true, 5);
        log.truth(1, 2, false, 6);
        log.startCounting();
        log.truth(2, 1, true, 50);
        log.stopCounting();
        log.truth(1, 2, true, 60);
        log.shown(2, 1, 70);
        log.freeze();
        log.shown(1, 2, 80);
        log.truth(2, 1, false, 90);
        DetectionLog.Result r = log.result();
        assertThat(r.delays()).containsExactly(20.0);
        assertThat(r.entries()).isEqualTo(1);
        assertThat(r.pending()).isZero();
    }

    @Test
    void untrackedPairsAreIgnoredAndQuantilesAreNearestRank() {
        log.shown(5, 6, 1);
        log.truth(5, 6, true, 1);
        assertThat(log.result().entries()).isZero();
        assertThat(DetectionLog.Result.quantile(List.of(4.0, 1.0, 3.0, 2.0), 0.5)).isEqualTo(2.0);
        assertThat(DetectionLog.Result.quantile(List.of(4.0, 1.0, 3.0, 2.0), 0.99)).isEqualTo(4.0);
        assertThat(DetectionLog.Result.quantile(List.of(), 0.5)).isNaN();
    }
}
