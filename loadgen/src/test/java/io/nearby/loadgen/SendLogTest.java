package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendLogTest {
    @Test
    void eachUpdateGetsItsOwnTsEvenWhenTheClockStandsStillOrGoesBack() {
        SendLog log = new SendLog(2, 4);

        long a = log.record(0, 1_000, 10);
        long b = log.record(0, 1_000, 20);
        long c = log.record(0, 900, 30);

        assertThat(a).isEqualTo(1_000);
        assertThat(b).isEqualTo(1_001);
        assertThat(c).isEqualTo(1_002);
        assertThat(log.sentAt(0, 1_001)).isEqualTo(20);
    }

    @Test
    void usersHaveSeparateTimelines() {
        SendLog log = new SendLog(2, 4);

        log.record(0, 5_000, 1);
        long other = log.record(1, 5_000, 2);

        assertThat(other).isEqualTo(5_000);
        assertThat(log.sentAt(0, 5_000)).isEqualTo(1);
        assertThat(log.sentAt(1, 5_000)).isEqualTo(2);
    }

    @Test
    void onlyTheLastDepthUpdatesAreRemembered() {
        SendLog log = new SendLog(1, 3);
        for (int i = 0; i < 5; i++) {
            log.record(0, 100 + i * 10, i);
        }

        assertThat(log.sentAt(0, 100)).isEqualTo(SendLog.UNKNOWN);
        assertThat(log.sentAt(0, 110)).isEqualTo(SendLog.UNKNOWN);
        assertThat(log.sentAt(0, 120)).isEqualTo(2);
        assertThat(log.sentAt(0, 140)).isEqualTo(4);
    }

    @Test
    void unknownUsersAndTimestampsAreUnknown() {
        SendLog log = new SendLog(1, 2);
        log.record(0, 100, 7);

        assertThat(log.sentAt(0, 99)).isEqualTo(SendLog.UNKNOWN);
        assertThat(log.sentAt(1, 100)).isEqualTo(SendLog.UNKNOWN);
        assertThat(log.sentAt(-1, 100)).isEqualTo(SendLog.UNKNOWN);
    }

    @Test
    void aSightingCountsOnlyWhenNewerThanEverythingSeenOfThatFriend() {
        SeenTimestamps seen = new SeenTimestamps();

        assertThat(seen.firstSighting(3, 100)).isTrue();
        assertThat(seen.firstSighting(3, 100)).isFalse();
        assertThat(seen.firstSighting(3, 90)).isFalse();
        assertThat(seen.firstSighting(4, 90)).isTrue();
        assertThat(seen.firstSighting(3, 101)).isTrue();
    }
}
