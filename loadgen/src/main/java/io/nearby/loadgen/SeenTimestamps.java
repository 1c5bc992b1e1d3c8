package io.nearby.loadgen;

import java.util.HashMap;
import java.util.Map;

/**
 * The receiver's side: the newest ts it has seen of each friend (from {@code nearby} pages and
 * {@code friend_location}), so that each update counts once for latency even if the server repeats it (a friend
 * re-entering the radius is reported with its latest, already seen, position). One per connection; not thread-safe
 * (a WebSocket's listener calls are sequential).
 */
final class SeenTimestamps {
    private final Map<Integer, Long> newest = new HashMap<>();

    /** True if {@code ts} is newer than anything seen of {@code friend}; remembers it either way. */
    boolean firstSighting(int friend, long ts) {
        Long before = newest.get(friend);
        if (before != null && ts <= before) {
            return false;
        }
        newest.put(friend, ts);
        return true;
    }
}
