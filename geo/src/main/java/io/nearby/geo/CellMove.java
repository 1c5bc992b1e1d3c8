package io.nearby.geo;

import java.util.Set;

/**
 * The cell channels to change when a user's 9-cell neighbourhood changes: subscribe to the new ones,
 * unsubscribe from the ones left behind; cells in both stay subscribed. Immutable.
 */
public record CellMove(Set<String> toSubscribe, Set<String> toUnsubscribe) {

    /** No change. */
    public static final CellMove NONE = new CellMove(Set.of(), Set.of());

    public CellMove {
        toSubscribe = Set.copyOf(toSubscribe);
        toUnsubscribe = Set.copyOf(toUnsubscribe);
    }

    /** True when the neighbourhood did not change. */
    public boolean isEmpty() {
        return toSubscribe.isEmpty() && toUnsubscribe.isEmpty();
    }
}
