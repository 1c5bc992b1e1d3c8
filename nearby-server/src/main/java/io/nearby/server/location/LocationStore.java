package io.nearby.server.location;

import java.util.Collection;
import java.util.Map;

/**
 * The latest location per active user, as sessions and live events use it: {@link LocationCache} (Redis) in the
 * server. Writes never wait; reads see this process's earlier writes.
 */
public interface LocationStore {
    /** Queues the write; never blocks, never throws (a failure is counted by the implementation). */
    void put(String userId, CachedLocation location);

    /** The user's latest location, or null when inactive or sharing off. */
    CachedLocation get(String userId);

    /** Locations of those of the given users who are active. */
    Map<String, CachedLocation> getAll(Collection<String> userIds);

    /** Deletes the entry after this process's earlier writes; false if that failed (the TTL still ends it). */
    boolean remove(String userId);
}
