package io.nearby.server.session;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A set of values keyed by a string id that each value carries itself (a friend's profile id): one open-addressing
 * array, linear probing, no entry objects. A session holds one per friend list, so for 20 friends it costs one
 * 32-slot array (~150 bytes) where a {@code HashMap} costs ~830 (a 32-byte node per entry, its table and itself).
 * Iteration is by slot: {@code for (int i = 0; i < t.slots(); i++) { V v = t.slot(i); if (v != null) ... }}, no
 * iterator allocated. Not thread-safe (a session's state is guarded by the session's lock).
 */
final class IdTable<V> {
    private static final int MIN_SLOTS = 4;

    private final Function<? super V, String> idOf;
    private Object[] slots = new Object[MIN_SLOTS];
    private int size;

    IdTable(Function<? super V, String> idOf) {
        this.idOf = idOf;
    }

    int size() {
        return size;
    }

    /** The slots to iterate over; some are empty. */
    int slots() {
        return slots.length;
    }

    /** The value in slot {@code i}, or null. */
    @SuppressWarnings("unchecked")
    V slot(int i) {
        return (V) slots[i];
    }

    V get(String id) {
        int i = find(id);
        return i < 0 ? null : slot(i);
    }

    boolean contains(String id) {
        return find(id) >= 0;
    }

    /** Adds the value, or replaces the one with the same id. */
    void put(V value) {
        String id = idOf.apply(value);
        int i = find(id);
        if (i >= 0) {
            slots[i] = value;
            return;
        }
        if ((size + 1) * 8 > slots.length * 5) { // keep the load under 5/8
            resize(slots.length * 2);
        }
        insert(value, id);
        size++;
    }

    /** Removes and returns the value with this id, or null. */
    V remove(String id) {
        int i = find(id);
        if (i < 0) {
            return null;
        }
        V removed = slot(i);
        slots[i] = null;
        size--;
        // backward-shift deletion: move up every later value of the same run whose home is not in (i, j]
        int mask = slots.length - 1;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = home(idOf.apply(slot(j)));
            if (((j - home) & mask) >= ((j - i) & mask)) {
                slots[i] = slots[j];
                slots[j] = null;
                i = j;
            }
        }
        if (slots.length > MIN_SLOTS && size * 8 < slots.length) {
            resize(slots.length / 2);
        }
        return removed;
    }

    /** Keeps only the values whose id {@code keep} accepts. */
    void retainIds(java.util.function.Predicate<String> keep) {
        java.util.List<String> gone = new java.util.ArrayList<>();
        for (Object o : slots) {
            @SuppressWarnings("unchecked") V v = (V) o;
            if (v != null && !keep.test(idOf.apply(v))) {
                gone.add(idOf.apply(v));
            }
        }
        gone.forEach(this::remove);
    }

    void clear() {
        Arrays.fill(slots, null);
        size = 0;
    }

    private int find(String id) {
        int mask = slots.length - 1;
        for (int i = home(id); ; i = (i + 1) & mask) {
            Object o = slots[i];
            if (o == null) {
                return -1;
            }
            @SuppressWarnings("unchecked") V v = (V) o;
            if (idOf.apply(v).equals(id)) {
                return i;
            }
        }
    }

    private void insert(V value, String id) {
        int mask = slots.length - 1;
        int i = home(id);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = value;
    }

    private void resize(int length) {
        Object[] old = slots;
        slots = new Object[length];
        for (Object o : old) {
            if (o != null) {
                @SuppressWarnings("unchecked") V v = (V) o;
                insert(v, idOf.apply(v));
            }
        }
    }

    /** Fibonacci hashing: the top bits of the id's hash times 2^32/phi pick the slot (lengths are powers of two). */
    private int home(String id) {
        return (id.hashCode() * 0x9E3779B9) >>> (Integer.numberOfLeadingZeros(slots.length) + 1);
    }
}
