package io.nearby.ring;

/**
 * The value stored under the ring key does not parse or validate. Unlike a refused change (a plain
 * {@link RingSpecException}), nothing the caller asked for is wrong: the stored ring must be overwritten, with
 * {@code ./nearby ring set}, which the message says.
 */
public final class StoredRingInvalidException extends RingSpecException {
    private final String key;
    private final long modRevision;
    private final String reason;

    StoredRingInvalidException(String key, long modRevision, RingSpecException cause) {
        super("the ring stored under " + key + " (mod revision " + modRevision + ") is invalid: " + cause.getMessage()
                + "; overwrite it with: ./nearby ring set redis://HOST:PORT ...", cause);
        this.key = key;
        this.modRevision = modRevision;
        this.reason = cause.getMessage();
    }

    public String key() {
        return key;
    }

    /** The mod revision of the invalid value. */
    public long modRevision() {
        return modRevision;
    }

    /** What is wrong with the value, e.g. {@code nodes[1]: duplicate node redis://a:1}. */
    public String reason() {
        return reason;
    }
}
