package io.nearby.history;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DayBucketsTest {
    @Test
    void aBucketIsOneUtcDay() {
        long midnight = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
        assertThat(DayBuckets.day(midnight - 1)).isEqualTo(DayBuckets.day(midnight) - 1);
        assertThat(DayBuckets.day(midnight)).isEqualTo(DayBuckets.day(midnight + DayBuckets.DAY_MILLIS - 1));
        assertThat(DayBuckets.start(DayBuckets.day(midnight + 12_345))).isEqualTo(midnight);
        assertThat(DayBuckets.day(0)).isZero();
        assertThat(DayBuckets.day(-1)).isEqualTo(-1);
        assertThat(bucketsTouched(new TimeWindow(midnight - 100, midnight + 100))).isEqualTo(2);
    }

    @Test
    void theRetentionWindowBoundsTheBucketsAQueryWalks() {
        Retention thirtyDays = Retention.ofDays(30);
        long now = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();
        TimeWindow w = thirtyDays.window(now);
        assertThat(w.to()).isEqualTo(now + DayBuckets.DAY_MILLIS);
        assertThat(w.from()).isEqualTo(now - Duration.ofDays(31).toMillis());
        assertThat(bucketsTouched(w)).isEqualTo(33);
        assertThat(thirtyDays.ttlSeconds()).isEqualTo(2_592_000);
    }

    /** How many day buckets a window touches: the partitions a query walks at most. */
    private static int bucketsTouched(TimeWindow window) {
        return DayBuckets.day(window.to()) - DayBuckets.day(window.from()) + 1;
    }

    @Test
    void retentionIsBetweenASecondAndTenYears() {
        assertThatThrownBy(() -> new Retention(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Retention.ofDays(3651)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Retention(Duration.ofSeconds(1)).ttlSeconds()).isEqualTo(1);
    }
}
