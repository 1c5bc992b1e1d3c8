package io.nearby.ring.pubsub;

import java.util.List;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;

/**
 * A command the {@link PipelinedWriter} of a Redis server sends for this process: a PUBLISH on a channel, or a
 * location cache write, delete or read. Commands queued on one writer reach Redis in the order they were queued, so a
 * cache write and the publish of the same update travel in one pipeline, and a read queued after a write sees it.
 */
public sealed interface RedisCommand {
    /** Appends the command to the pipeline (its reply is read with the pipeline's). */
    void appendTo(Pipeline pipeline);

    /** How many Redis commands {@link #appendTo} appends, i.e. how many replies it takes from the pipeline. */
    default int replyCount() {
        return 1;
    }

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

    /**
     * One {@code GET} per key, in one entry so that they travel in one pipeline (one round trip): what a Redis Cluster
     * node answers for keys of many slots, where one {@code MGET} across slots is refused ({@code CROSSSLOT}).
     * Reply: a {@code List<Object>} in key order, each the value, null, or the error Redis answered for that key (e.g.
     * a {@code JedisMovedDataException}); the command counts as failed in its tally when any key's reply is an error.
     */
    record GetEach(List<String> keys) implements RedisCommand {
        public GetEach {
            keys = List.copyOf(keys);
        }

        @Override
        public void appendTo(Pipeline pipeline) {
            keys.forEach(pipeline::get);
        }

        @Override
        public int replyCount() {
            return keys.size();
        }
    }

    /**
     * {@code CLUSTER SLOTS}: reply a {@code List<Object>} of slot ranges, each {@code [start, end, master, replica…]},
     * a node as {@code [endpoint, port, id, …]} (strings and longs).
     */
    record ClusterSlots() implements RedisCommand {
        @Override
        public void appendTo(Pipeline pipeline) {
            pipeline.appendCommand(new CommandObject<>(new CommandArguments(Protocol.Command.CLUSTER).add("SLOTS"),
                    BuilderFactory.ENCODED_OBJECT));
        }
    }

    /** {@code CLUSTER INFO}: reply the text ({@code cluster_state:ok}, {@code cluster_slots_fail:0}, …). */
    record ClusterInfo() implements RedisCommand {
        @Override
        public void appendTo(Pipeline pipeline) {
            pipeline.appendCommand(new CommandObject<>(new CommandArguments(Protocol.Command.CLUSTER).add("INFO"),
                    BuilderFactory.STRING));
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
