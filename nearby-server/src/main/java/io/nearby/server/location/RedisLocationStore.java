package io.nearby.server.location;

/**
 * The location cache on Redis as the server's wiring sees it: the {@link LocationStore} the sessions use, plus what the
 * health check and the meters read. Two kinds: one Redis server ({@link LocationCache}, {@code NEARBY_REDIS_URL}) or a
 * Redis Cluster ({@link ClusterLocationCache}, {@code NEARBY_REDIS_CLUSTER_NODES}).
 */
public sealed interface RedisLocationStore extends LocationStore, AutoCloseable permits LocationCache, ClusterLocationCache {
    /** Cache writes and deletes that failed, were dropped, or were refused at once (shard down), since start. */
    long writeFailures();

    /** Cache reads that failed or were refused at once (shard down), since start; a batch read counts once per shard. */
    long readFailures();

    /** A round trip to the cache (for a cluster: its state), for the health check; may take up to a second or two. */
    CacheHealth health();

    @Override
    void close();
}
