package io.nearby.loadgen;

import java.util.Arrays;

/**
 * The receiver's side: the newest ts it has seen of each friend (from {@code nearby} pages and
 * {@code friend_location}), so that each update counts once for latency even if the server repeats it (a friend
 * re-entering the radius is reported with its latest, already seen, position). One per connection; not thread-safe
 * (a WebSocket's listener calls are sequential). An open-addressing int → long map: no boxing on the hot path.
 */
final class SeenTimestamps {
    private static final int FREE = -1;

    private int[] keys = new int[16];
    private long[] values = new long[16];
    private int size;

    SeenTimestamps() {
        Arrays.fill(keys, FREE);
    }

    /** True if {@code ts} is newer than anything seen of {@code friend} (≥ 0); remembers it either way. */
    boolean firstSighting(int friend, long ts) {
        int i = slot(keys, friend);
        if (keys[i] == friend) {
            if (ts <= values[i]) {
                return false;
            }
            values[i] = ts;
            return true;
        }
        keys[i] = friend;
        values[i] = ts;
        if (++size * 2 > keys.length) {
            grow();
        }
        return true;
    }

    private static int slot(int[] keys, int key) {
        int mask = keys.length - 1;
        int h = key * 0x9E3779B9;
        int i = (h ^ (h >>> 16)) & mask;
        while (keys[i] != FREE && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != FREE) {
                int i = slot(keys, oldKeys[j]);
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }
}
