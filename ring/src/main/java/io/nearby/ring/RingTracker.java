package io.nearby.ring;

/**
 * The rule for accepting ring values read or watched from etcd, kept pure so it can be tested without etcd:
 * a value is considered only if its mod revision is newer than every revision already considered (applied or
 * rejected), so an old value delivered late — a slow re-read racing the watch, a replayed event — never replaces a
 * newer one. A value that does not parse or validate is rejected and the ring in use stays. Deleting the key is
 * rejected the same way (a server never runs without a ring).
 *
 * <p>Thread-safe (synchronized); called by the source's worker thread, read by health and metrics.
 */
final class RingTracker {
    enum Outcome {
        /** The value replaced the ring in use ({@link Decision#snapshot()}). */
        APPLIED,
        /** Not newer than what was already considered: ignored silently. */
        STALE,
        /** Malformed, invalid or deleted: logged and counted by the caller; the ring in use stays. */
        REJECTED
    }

    /**
     * @param snapshot the ring in use after the decision
     * @param previous the ring in use before it
     * @param reason why a value was rejected; empty otherwise
     */
    record Decision(Outcome outcome, RingSnapshot snapshot, RingSnapshot previous, String reason) {
        boolean placementChanged() {
            return outcome == Outcome.APPLIED && !snapshot.ring().samePlacement(previous.ring());
        }
    }

    private RingSnapshot current;
    private long considered;
    private long applied;
    private long rejected;

    RingTracker(RingSnapshot initial) {
        this.current = initial;
        this.considered = initial.revision();
    }

    /** A value of the key at {@code modRevision}. */
    synchronized Decision offer(long modRevision, byte[] value) {
        if (modRevision <= considered) {
            return new Decision(Outcome.STALE, current, current, "");
        }
        considered = modRevision;
        RingSpec spec;
        try {
            spec = RingSpec.parse(value);
        } catch (RingSpecException e) {
            rejected++;
            return new Decision(Outcome.REJECTED, current, current, e.getMessage());
        }
        RingSnapshot previous = current;
        current = new RingSnapshot(new HashRing(spec), modRevision);
        applied++;
        return new Decision(Outcome.APPLIED, current, previous, "");
    }

    /** The key was deleted at {@code modRevision}. */
    synchronized Decision deleted(long modRevision) {
        if (modRevision <= considered) {
            return new Decision(Outcome.STALE, current, current, "");
        }
        considered = modRevision;
        rejected++;
        return new Decision(Outcome.REJECTED, current, current, "the ring key was deleted");
    }

    synchronized RingSnapshot current() {
        return current;
    }

    /** The newest mod revision considered (applied or rejected); for tests. */
    synchronized long considered() {
        return considered;
    }

    synchronized long applied() {
        return applied;
    }

    synchronized long rejected() {
        return rejected;
    }
}
