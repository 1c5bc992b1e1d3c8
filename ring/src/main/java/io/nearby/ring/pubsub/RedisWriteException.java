package io.nearby.ring.pubsub;

/** A command of a {@link PipelinedWriter} did not take effect: refused, dropped, failed, or answered with an error. */
public final class RedisWriteException extends RuntimeException {
    public RedisWriteException(String message) {
        super(message);
    }

    /** @param cause Redis' error reply (e.g. a {@code JedisMovedDataException}), or the connection's failure */
    RedisWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
