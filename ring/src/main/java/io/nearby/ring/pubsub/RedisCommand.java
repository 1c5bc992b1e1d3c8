package io.nearby.ring.pubsub;

import redis.clients.jedis.Pipeline;

/**
 * A command the {@link PipelinedWriter} of a Redis server sends for this process: a PUBLISH on a channel, or a
 * location cache write, delete or read. Commands queued on one writer reach Redis in the order they were queued, so a
 * cache write and the publish of the same update travel in one pipeline, and a read queued after a write sees it.
 */
public sealed interface RedisCommand {
    /** Appends the command to the pipeline (its reply is read with the pipeline's). */
    void appendTo(Pipeline pipeline);

    record Publish(String channel, String message) implements RedisCommand {
        @Override
        public void appendTo(Pipeline pipeline) {
            pipeline.publish(channel, message);
        }
    }

    /** {@code SET key value EX seconds}. */
    record SetEx(String key, String value, long seconds) implements RedisCommand {
        @Override
        public void appendTo(Pipeline pipeline) {
            pipeline.setex(key, seconds, value);
        }
    }

    record Del(String key) implements RedisCommand {
        @Override
        public void appendTo(Pipeline pipeline) {
            pipeline.del(key);
        }
    }

    /** Reply: the value, or null. */
    record Get(String key) implements RedisCommand {
        @Override
        public void appendTo(Pipeline pipeline) {
            pipeline.get(key);
        }
    }

    /** Reply: a {@code List<String>} with a null for every missing key. */
    record MGet(String[] keys) implements RedisCommand {
        @Override
        public void appendTo(Pipeline pipeline) {
            pipeline.mget(keys);
        }
    }

    /** A round trip for health checks ({@code EXISTS} of a key nobody writes); any reply means Redis answers. */
    record Ping() implements RedisCommand {
        @Override
        public void appendTo(Pipeline pipeline) {
            pipeline.exists("__nearby:ping");
        }
    }
}
