package io.nearby.ring;

/**
 * A ring value (the JSON in etcd, a node URL, or a change to the ring) is invalid. The message says what is wrong in
 * terms an operator can act on, e.g. {@code nodes[2]: duplicate node redis://10.0.0.3:6379}.
 */
public sealed class RingSpecException extends IllegalArgumentException permits StoredRingInvalidException {
    public RingSpecException(String message) {
        super(message);
    }

    public RingSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
