package io.nearby.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearby.ring.RingTracker.Decision;
import io.nearby.ring.RingTracker.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision rule of the etcd source: only newer mod revisions, invalid values never replace a valid ring. */
class RingTrackerTest {
    private final RingTracker tracker = new RingTracker(new RingSnapshot(HashRing.of(List.of("redis://a:1"), 160), 10));

    @Test
    void aNewerRevisionIsApplied() {
        Decision decision = tracker.offer(11, value(2, "redis://a:1", "redis://b:1"));
        assertThat(decision.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(decision.placementChanged()).isTrue();
        assertThat(tracker.current().revision()).isEqualTo(11);
        assertThat(tracker.current().ring().nodes()).containsExactly("redis://a:1", "redis://b:1");
        assertThat(tracker.applied()).isEqualTo(1);
    }

    @Test
    void aValueWithAnOlderOrEqualModRevisionNeverReplacesANewerOne() {
        tracker.offer(20, value(5, "redis://c:1"));
        Decision late = tracker.offer(15, value(9, "redis://old:1"));
        Decision replayed = tracker.offer(20, value(5, "redis://c:1"));
        assertThat(late.outcome()).isEqualTo(Outcome.STALE);
        assertThat(replayed.outcome()).isEqualTo(Outcome.STALE);
        assertThat(tracker.current().revision()).isEqualTo(20);
        assertThat(tracker.current().ring().nodes()).containsExactly("redis://c:1");
    }

    @Test
    void anOlderValueArrivingAfterARejectedNewerOneIsNotApplied() {
        tracker.offer(30, "{broken".getBytes(StandardCharsets.UTF_8));
        Decision older = tracker.offer(25, value(3, "redis://z:1"));
        assertThat(older.outcome()).isEqualTo(Outcome.STALE);
        assertThat(tracker.current().revision()).isEqualTo(10);
        assertThat(tracker.considered()).isEqualTo(30);
    }

    @Test
    void aMalformedValueIsRejectedOnceAndThePreviousRingStays() {
        Decision bad = tracker.offer(12, "{\"version\":2,\"nodes\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(bad.reason()).contains("at least one");
        assertThat(bad.snapshot().revision()).isEqualTo(10);
        assertThat(tracker.offer(12, "{\"version\":2,\"nodes\":[]}".getBytes()).outcome()).isEqualTo(Outcome.STALE);
        assertThat(tracker.rejected()).isEqualTo(1);
        assertThat(tracker.offer(13, value(3, "redis://b:1")).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aDeletedKeyIsRejectedAndTheRingStays() {
        Decision deleted = tracker.deleted(14);
        assertThat(deleted.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(deleted.reason()).contains("deleted");
        assertThat(tracker.current().revision()).isEqualTo(10);
        assertThat(tracker.deleted(14).outcome()).isEqualTo(Outcome.STALE);
    }

    @Test
    void aNewVersionWithTheSamePlacementIsAppliedWithoutAMove() {
        Decision same = tracker.offer(11, value(2, "redis://a:1"));
        assertThat(same.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(same.placementChanged()).isFalse();
        assertThat(tracker.current().version()).isEqualTo(2);
    }

    private static byte[] value(long version, String... nodes) {
        return RingSpec.of(version, List.of(nodes), 160).toUtf8();
    }
}
