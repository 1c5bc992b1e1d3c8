package io.nearby.ring.pubsub;

import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the commands of one kind (the publishes of a Pub/Sub, the writes of a location cache), over every
 * {@link PipelinedWriter} they went through — including writers closed since: the counts only grow (Prometheus
 * counters). Every accepted command ends as exactly one of written, failed or dropped; until then it is pending.
 */
public final class WriteTally {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();

    void accept() {
        accepted.increment();
    }

    void wrote(int n) {
        written.add(n);
    }

    void fail(int n) {
        failed.add(n);
    }

    /** Accepted, then dropped unsent (too old while the server could not be reached, or still queued at close). */
    void drop(int n) {
        dropped.add(n);
    }

    /** Refused at once (queue full or writer closed): never accepted. */
    void refuse() {
        refused.increment();
    }

    /** Commands accepted for sending. */
    public long accepted() {
        return accepted.sum();
    }

    /** Commands Redis answered without an error. */
    public long written() {
        return written.sum();
    }

    /** Commands sent in a pipeline that broke or that Redis answered with an error. */
    public long failed() {
        return failed.sum();
    }

    /** Commands never sent: refused at once, or accepted and then dropped unsent. */
    public long dropped() {
        return dropped.sum() + refused.sum();
    }

    /** Every command that did not and will not take effect: {@link #failed()} + {@link #dropped()}. */
    public long failures() {
        return failed() + dropped();
    }
}
