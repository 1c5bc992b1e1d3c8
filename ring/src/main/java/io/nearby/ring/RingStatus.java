package io.nearby.ring;

import java.time.Instant;

/**
 * What a {@link RingSource} reports for health and metrics. A source that cannot reach etcd keeps serving its last
 * ring: {@code reachable == false} is a warning, never a reason to stop being ready.
 *
 * @param source {@code "static"} or {@code "etcd <endpoints> <key>"}
 * @param reachable the last read of etcd succeeded (always true for a static ring)
 * @param lastError the last failure (etcd unreachable, watch error, rejected value), or empty
 * @param lastContact when etcd last answered (null for a static ring or never)
 * @param version ring version in use
 * @param revision etcd mod revision of the ring in use (0 for static)
 * @param nodes nodes in the ring in use
 * @param changesApplied ring changes applied since start (not counting the first load)
 * @param rejectedValues values refused (malformed JSON, invalid ring, key deleted); each logged at ERROR
 * @param watchRestarts times the watch was re-created after an error, compaction or cancellation
 */
public record RingStatus(String source, boolean reachable, String lastError, Instant lastContact, long version,
        long revision, int nodes, long changesApplied, long rejectedValues, long watchRestarts) {

    /** One line for the health endpoint. */
    public String detail() {
        String ring = "ring v" + version + " (revision " + revision + ", " + nodes + " nodes) from " + source;
        if (reachable) {
            return ring + (lastError.isEmpty() ? "" : "; last problem: " + lastError);
        }
        return ring + "; etcd UNREACHABLE since before " + lastContact + ", serving the cached ring: " + lastError;
    }
}
