package io.nearby.server.protocol;

/** Why a friend (or stranger) disappeared from the list. */
public enum GoneReason {
    OUT_OF_RANGE("out_of_range"),
    INACTIVE("inactive"),
    /** Sharing off; for strangers also "no longer discoverable" (they stopped sharing with strangers). */
    SHARING_OFF("sharing_off"),
    UNFRIENDED("unfriended");

    private final String wire;

    GoneReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static GoneReason fromWire(String wire) {
        for (GoneReason r : values()) {
            if (r.wire.equals(wire)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reason " + wire);
    }
}
