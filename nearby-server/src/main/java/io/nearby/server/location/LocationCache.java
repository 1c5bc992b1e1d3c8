package io.nearby.server.location;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nearby.ring.pubsub.PipelinedWriter;
import io.nearby.ring.pubsub.RedisAddress;
import io.nearby.ring.pubsub.RedisCommand;
import io.nearby.ring.pubsub.RedisSecurity;
import io.nearby.ring.pubsub.RedisWriteException;
import io.nearby.ring.pubsub.RedisWriters;
import io.nearby.ring.pubsub.WriteTally;


/**
 * Latest location per active user in Redis: key {@code loc:<userId>}, TTL = the inactivity timeout, refreshed
 * by every update, so an inactive user's entry expires by itself. A user with sharing off has no entry.
 *
 * <p>Every command goes through the process's ONE {@link PipelinedWriter} for the cache's server — the same writer, and
 * so the same pipeline, as the publishes to that server when it is also a Pub/Sub node. Writes never wait:
 * {@link #put} queues {@code SET … EX}, and a failed or dropped write is counted ({@link #writeFailures()}), never
 * thrown. Reads ({@link #get}, {@link #getAll}) and {@link #remove} are queued too and wait for their reply: being in
 * the same queue, they see every write this process queued before them (a friend who connects on this server right
 * after an update reads it). They throw {@link RedisWriteException} when Redis cannot answer within
 * {@link #READ_WAIT}; callers decide what that means.
 *
 * <p>One server ({@code NEARBY_REDIS_URL}); {@link ClusterLocationCache} is the same on a Redis Cluster.
 */
public final class LocationCache implements RedisLocationStore {
    /** How long a read (or a delete) waits for its reply. */
    static final Duration READ_WAIT = Duration.ofSeconds(2);
    private static final String PREFIX = "loc:";
    private static final int MGET_CHUNK = 500;

    private final long ttlSeconds;
    private final RedisWriters writers;
    private final PipelinedWriter writer;
    private final WriteTally writes = new WriteTally();
    private final WriteTally reads = new WriteTally();

    public LocationCache(URI redisUrl, Duration ttl, RedisWriters writers) {
        this(redisUrl, ttl, writers, RedisSecurity.NONE);
    }

    /**
     * @param redisUrl the cache server, {@code redis://} or {@code rediss://}, without credentials
     * @param security AUTH and TLS trust of its connection (sent on every reconnect)
     */
    public LocationCache(URI redisUrl, Duration ttl, RedisWriters writers, RedisSecurity security) {
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
        this.writers = writers;
        this.writer = writers.acquire(RedisAddress.parse(redisUrl.toString()), security);
    }

    /** Queues the write (never blocks, never throws); a write that fails or is dropped is counted. */
    @Override
    public void put(String userId, CachedLocation location) {
        writer.submit(new RedisCommand.SetEx(PREFIX + userId, location.encode(), ttlSeconds), writes);
    }

    @Override
    public CachedLocation get(String userId) {
        return CachedLocation.decode((String) call(new RedisCommand.Get(PREFIX + userId), reads));
    }

    /** Locations of those of the given users who are active, in one MGET per 500 ids (all queued at once). */
    @Override
    public Map<String, CachedLocation> getAll(Collection<String> userIds) {
        List<String> ids = new ArrayList<>(userIds);
        List<CompletableFuture<Object>> replies = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += MGET_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + MGET_CHUNK));
            replies.add(submit(new RedisCommand.MGet(chunk.stream().map(id -> PREFIX + id).toArray(String[]::new)), reads));
        }
        Map<String, CachedLocation> found = new HashMap<>();
        for (int c = 0; c < replies.size(); c++) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) await(replies.get(c));
            for (int i = 0; i < values.size(); i++) {
                CachedLocation loc = CachedLocation.decode(values.get(i));
                if (loc != null) {
                    found.put(ids.get(c * MGET_CHUNK + i), loc);
                }
            }
        }
        return found;
    }

    /**
     * Deletes the entry after every write this process queued before (so a write of the user's last update cannot
     * land after the delete), and waits for it, at most {@link #READ_WAIT}.
     *
     * @return false if the delete failed or did not complete in time (counted)
     */
    @Override
    public boolean remove(String userId) {
        try {
            call(new RedisCommand.Del(PREFIX + userId), writes);
            return true;
        } catch (RedisWriteException e) {
            return false;
        }
    }

    /** Cache writes and deletes that failed or were dropped, since start. */
    @Override
    public long writeFailures() {
        return writes.failures();
    }

    /** Reads (GET, each MGET of up to 500 ids, PING) that failed or were dropped, since start. */
    @Override
    public long readFailures() {
        return reads.failures();
    }

    /** Up with the address when Redis answers a round trip, else down with why. */
    @Override
    public CacheHealth health() {
        return pingFailure().map(why -> CacheHealth.down("no PONG from " + writer.address() + ": " + why))
                .orElseGet(() -> CacheHealth.up(writer.address()));
    }

    /** Round trip to Redis, for readiness. */
    public boolean ping() {
        return pingFailure().isEmpty();
    }

    /** Round trip to Redis: empty when it answered PONG, else why not (e.g. {@code NOAUTH}), for the health detail. */
    public java.util.Optional<String> pingFailure() {
        try {
            call(new RedisCommand.Ping(), reads);
            return java.util.Optional.empty();
        } catch (RedisWriteException | IllegalStateException e) {
            return java.util.Optional.of(e.getMessage() + writer.connectionProblem().map(p -> "; connection: " + p).orElse(""));
        }
    }

    private Object call(RedisCommand command, WriteTally tally) {
        return await(submit(command, tally));
    }

    private CompletableFuture<Object> submit(RedisCommand command, WriteTally tally) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        writer.submit(command, tally, reply);
        return reply;
    }

    private static Object await(CompletableFuture<Object> reply) {
        try {
            return reply.get(READ_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RedisWriteException w ? w : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the location cache within " + READ_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the location cache");
        }
    }

    @Override
    public void close() {
        writers.release(writer);
    }
}
