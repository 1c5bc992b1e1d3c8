package io.nearby.server.location;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import io.nearby.ring.pubsub.PipelinedWriter;
import io.nearby.ring.pubsub.RedisAddress;
import io.nearby.ring.pubsub.RedisCommand;
import io.nearby.ring.pubsub.RedisSecurity;
import io.nearby.ring.pubsub.RedisWriteException;
import io.nearby.ring.pubsub.RedisWriters;
import io.nearby.ring.pubsub.WriteTally;

/**
 * The location cache on a Redis Cluster ({@code NEARBY_REDIS_CLUSTER_NODES}): the same keys, values, TTL and promises
 * as {@link LocationCache}, each key's command sent to the master of its hash slot through that master's ONE
 * {@link PipelinedWriter} of this process ({@link ClusterTopology}). So writes still never wait — pipelined per shard,
 * one thread and one connection per master — and a read queued after a write of the same key sees it.
 *
 * <p>{@link #getAll}, {@code init}'s read of every friend, groups the keys by master and sends each group as ONE
 * entry of {@code GET}s ({@link RedisCommand.GetEach}), all groups at once: one round trip per shard, whatever the
 * number of friends. (One {@code MGET} per master is not possible: the cluster refuses an {@code MGET} whose keys are
 * in different slots, and 400 friends are in ~400 slots.)
 *
 * <p>Failover: while a master's connection is down (it died; its replica is not yet promoted), every command for its
 * slots fails at once and is counted — a write is dropped ({@link #writeFailures()}), {@link #get} throws
 * {@link RedisWriteException}, {@link #getAll} answers with the friends of the other shards only (counted in
 * {@link #readFailures()}: the session is subscribed to every friend's channel already, so a friend of the missing
 * shard appears with their next update). The topology picks up the promoted replica by itself (within
 * {@link ClusterTopology#WHILE_FAILING} of the promotion) and the shard works again. Other shards are not affected.
 *
 * <p>Not handled: {@code ASK} redirections while a slot is being migrated ({@code redis-cli --cluster reshard}); a key
 * of that slot already moved fails (counted) until the migration of the slot ends and the map is refreshed
 * (docs/operations.md).
 */
public final class ClusterLocationCache implements RedisLocationStore {
    private static final String PREFIX = "loc:";

    private final long ttlSeconds;
    private final ClusterTopology topology;
    private final WriteTally writes = new WriteTally();
    private final WriteTally reads = new WriteTally();
    /** Refused at once: no master known for the slot, or its connection is down. */
    private final LongAdder writesRefused = new LongAdder();
    private final LongAdder readsRefused = new LongAdder();

    /**
     * Asks the seeds for the slot map (waiting at most a few seconds; without one every command fails, counted, until a
     * node answers).
     *
     * @param seeds some nodes of the cluster, {@code redis://host:port} or {@code rediss://host:port}, no credentials
     * @param security AUTH and TLS trust of every connection to the cluster's nodes
     */
    public ClusterLocationCache(List<URI> seeds, Duration ttl, RedisWriters writers, RedisSecurity security) {
        this(seeds, ttl, writers, security, ClusterTopology.PERIOD);
    }

    /** @param refreshPeriod how often the slot map is asked for while nothing is wrong (tests: longer, to count) */
    ClusterLocationCache(List<URI> seeds, Duration ttl, RedisWriters writers, RedisSecurity security,
            Duration refreshPeriod) {
        this.ttlSeconds = Math.max(1, ttl.toSeconds());
        this.topology = new ClusterTopology(seeds.stream().map(s -> RedisAddress.parse(s.toString())).toList(), writers,
                security, refreshPeriod);
    }

    /** Queues the write on its shard's writer (never blocks, never throws); a failed or refused write is counted. */
    @Override
    public void put(String userId, CachedLocation location) {
        String key = PREFIX + userId;
        PipelinedWriter writer = topology.writerFor(SlotMap.slot(key));
        if (!ClusterTopology.usable(writer)) {
            refused(writesRefused);
            return;
        }
        CompletableFuture<Object> reply = new CompletableFuture<>();
        writer.submit(new RedisCommand.SetEx(key, location.encode(), ttlSeconds), writes, reply);
        reply.whenComplete((value, failure) -> {
            if (failure != null) {
                topology.suspect();
            }
        });
    }

    @Override
    public CachedLocation get(String userId) {
        return CachedLocation.decode((String) call(new RedisCommand.Get(PREFIX + userId), PREFIX + userId, reads,
                readsRefused));
    }

    /**
     * Locations of those of the given users who are active: one {@link RedisCommand.GetEach} per master, all queued at
     * once, each waited for at most {@link LocationCache#READ_WAIT}. A shard that is down or does not answer
     * contributes nothing (counted once in {@link #readFailures()}); the others' answers are returned.
     */
    @Override
    public Map<String, CachedLocation> getAll(Collection<String> userIds) {
        Map<PipelinedWriter, List<String>> byShard = new IdentityHashMap<>();
        for (String id : userIds) {
            PipelinedWriter writer = topology.writerFor(SlotMap.slot(PREFIX + id));
            if (!ClusterTopology.usable(writer)) {
                writer = null; // one refusal for all the keys of the shards that cannot be asked now
            }
            byShard.computeIfAbsent(writer, w -> new ArrayList<>()).add(id);
        }
        if (byShard.remove(null) != null) {
            refused(readsRefused);
        }
        List<Map.Entry<List<String>, CompletableFuture<Object>>> replies = new ArrayList<>();
        byShard.forEach((writer, ids) -> {
            CompletableFuture<Object> reply = new CompletableFuture<>();
            writer.submit(new RedisCommand.GetEach(ids.stream().map(id -> PREFIX + id).toList()), reads, reply);
            replies.add(Map.entry(ids, reply));
        });
        long deadline = System.nanoTime() + LocationCache.READ_WAIT.toNanos();
        Map<String, CachedLocation> found = new HashMap<>();
        for (Map.Entry<List<String>, CompletableFuture<Object>> shard : replies) {
            List<String> ids = shard.getKey();
            try {
                List<?> values = (List<?>) shard.getValue().get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                for (int i = 0; i < ids.size() && i < values.size(); i++) {
                    if (values.get(i) instanceof String value) {
                        CachedLocation loc = CachedLocation.decode(value);
                        if (loc != null) {
                            found.put(ids.get(i), loc);
                        }
                    } else if (values.get(i) instanceof Exception) {
                        topology.suspect(); // e.g. MOVED: counted by the writer as a failed command
                    }
                }
            } catch (ExecutionException | TimeoutException e) {
                topology.suspect(); // counted by the writer: failed, or dropped when too old
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the location cache");
            }
        }
        return found;
    }

    /** Deletes the entry after this process's earlier writes to its shard, waiting at most the read wait. */
    @Override
    public boolean remove(String userId) {
        try {
            call(new RedisCommand.Del(PREFIX + userId), PREFIX + userId, writes, writesRefused);
            return true;
        } catch (RedisWriteException | IllegalStateException e) {
            return false;
        }
    }

    @Override
    public long writeFailures() {
        return writes.failures() + writesRefused.sum();
    }

    @Override
    public long readFailures() {
        return reads.failures() + readsRefused.sum();
    }

    /** {@link ClusterTopology#health()}: CLUSTER INFO, and the masters this process cannot reach. */
    @Override
    public CacheHealth health() {
        return topology.health();
    }

    /** Masters serving slots now, as this process knows them. */
    public int shards() {
        return topology.masters();
    }

    /** Masters this process cannot reach now (their slots' commands fail at once). */
    public int shardsDown() {
        return topology.mastersDown();
    }

    /** Slot maps fetched from the cluster since start. */
    public long slotMapRefreshes() {
        return topology.refreshes();
    }

    /** Slot maps that moved slots to other masters since start (failovers, resharding). */
    public long slotMapChanges() {
        return topology.changes();
    }

    @Override
    public void close() {
        topology.close();
    }

    private Object call(RedisCommand command, String key, WriteTally tally, LongAdder refusals) {
        int slot = SlotMap.slot(key);
        PipelinedWriter writer = topology.writerFor(slot);
        if (!ClusterTopology.usable(writer)) {
            refused(refusals);
            throw new RedisWriteException("the location cache's shard of slot " + slot + " is down"
                    + (writer == null ? " (no master known)" : ": " + writer.address() + ", "
                    + writer.connectionProblem().orElse("")));
        }
        CompletableFuture<Object> reply = new CompletableFuture<>();
        writer.submit(command, tally, reply);
        try {
            return reply.get(LocationCache.READ_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            topology.suspect();
            throw e.getCause() instanceof RedisWriteException w ? w : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            topology.suspect();
            throw new IllegalStateException("no answer from the location cache's shard " + writer.address() + " within "
                    + LocationCache.READ_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the location cache");
        }
    }

    private void refused(LongAdder counter) {
        counter.increment();
        topology.suspect();
    }
}
