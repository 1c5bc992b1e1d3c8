package io.nearby.ring.pubsub;

/** A command of a {@link PipelinedWriter} did not take effect: refused, dropped, failed, or answered with an error. */
public final class RedisWriteException extends RuntimeException {
    RedisWriteException(String message) {
        super(message);
    }
}
