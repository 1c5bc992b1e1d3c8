package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendLogTest {
    @Test
    void eachUpdateGetsItsOwnTsEvenWhenTheClockStandsStillOrGoesBack() {
        SendLog log = new SendLog(2, 4);

        long a = log.record(0, 1_000, 10, null);
        long b = log.record(0, 1_000, 20, null);
        long c = log.record(0, 900, 30, null);

        assertThat(a).isEqualTo(1_000);
        assertThat(b).isEqualTo(1_001);
        assertThat(c).isEqualTo(1_002);
        assertThat(log.lookup(0, 1_001).nanos()).isEqualTo(20);
    }

    @Test
    void usersHaveSeparateTimelines() {
        SendLog log = new SendLog(2, 4);

        log.record(0, 5_000, 1, null);
        long other = log.record(1, 5_000, 2, null);

        assertThat(other).isEqualTo(5_000);
        assertThat(log.lookup(0, 5_000).nanos()).isEqualTo(1);
        assertThat(log.lookup(1, 5_000).nanos()).isEqualTo(2);
    }

    @Test
    void onlyTheLastDepthUpdatesAreRemembered() {
        SendLog log = new SendLog(1, 3);
        for (int i = 0; i < 5; i++) {
            log.record(0, 100 + i * 10, i, null);
        }

        assertThat(log.lookup(0, 100)).isNull();
        assertThat(log.lookup(0, 110)).isNull();
        assertThat(log.lookup(0, 120).nanos()).isEqualTo(2);
        assertThat(log.lookup(0, 140).nanos()).isEqualTo(4);
    }

    @Test
    void unknownUsersAndTimestampsAreUnknown() {
        SendLog log = new SendLog(1, 2);
        log.record(0, 100, 7, null);

        assertThat(log.lookup(0, 99)).isNull();
        assertThat(log.lookup(1, 100)).isNull();
        assertThat(log.lookup(-1, 100)).isNull();
    }

    @Test
    void aSendKeepsTheWindowItBelongsTo() {
        SendLog log = new SendLog(1, 2);
        Object window = new Object();
        long a = log.record(0, 100, 7, window);
        long b = log.record(0, 200, 8, null);

        assertThat(log.lookup(0, a)).isEqualTo(new SendLog.Sent(7, window));
        assertThat(log.lookup(0, b).window()).isNull();
    }

    @Test
    void manyFriendsAreTrackedApart() {
        SeenTimestamps seen = new SeenTimestamps();
        for (int f = 0; f < 1000; f++) {
            assertThat(seen.firstSighting(f * 7, f)).isTrue();
        }
        for (int f = 0; f < 1000; f++) {
            assertThat(seen.firstSighting(f * 7, f)).isFalse();
            assertThat(seen.firstSighting(f * 7, f + 1)).isTrue();
        }
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
