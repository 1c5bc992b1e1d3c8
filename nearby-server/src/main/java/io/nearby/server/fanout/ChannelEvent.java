package io.nearby.server.fanout;

import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.GoneReason;

/**
 * What travels on a channel, decoded once per server (not once per session). Compact text, '|'-separated:
 * <pre>
 *   L|alice|48.85,2.35,1700000000000,1700000000012   alice moved (lat,lon,ts,receivedAt)
 *   G|alice|sharing_off                              alice disappeared, with the reason
 *   C|alice|F+|bob    C|alice|F-|bob                 alice and bob became / stopped being friends
 *   C|alice|S|0       C|alice|D|1                    alice's sharing / discoverable flag changed
 *   C|alice|P|1700000600000                          alice paused sharing until then (ghost mode)
 *   C|alice|A|500                                    alice's proximity alert distance changed (0 = off)
 *   C|bob|V|alice                                    alice hid her location from bob, or showed it again (on bob's
 *                                                    control channel; bob's sessions re-read the choice)
 *   S|alice|48.85,2.35,1700000000000,1700000000012|Alice   discoverable alice moved (on geohash cell channels;
 *                                                    the display name last, it may contain anything)
 * </pre>
 */
public sealed interface ChannelEvent {
    /** Whose event it is: the user who moved or left, or the user whose friendships or flags changed. */
    String userId();

    String encode();

    record Moved(String userId, CachedLocation location) implements ChannelEvent {
        @Override
        public String encode() {
            return "L|" + userId + "|" + location.encode();
        }
    }

    /** A discoverable user's update on a cell channel. The true position never leaves the server. */
    record StrangerMoved(String userId, CachedLocation location, String name) implements ChannelEvent {
        @Override
        public String encode() {
            return "S|" + userId + "|" + location.encode() + "|" + name;
        }
    }

    record Gone(String userId, GoneReason reason) implements ChannelEvent {
        @Override
        public String encode() {
            return "G|" + userId + "|" + reason.wire();
        }
    }

    record FriendAdded(String userId, String friendId) implements ChannelEvent {
        @Override
        public String encode() {
            return "C|" + userId + "|F+|" + friendId;
        }
    }

    record FriendRemoved(String userId, String friendId) implements ChannelEvent {
        @Override
        public String encode() {
            return "C|" + userId + "|F-|" + friendId;
        }
    }

    record SharingChanged(String userId, boolean enabled) implements ChannelEvent {
        @Override
        public String encode() {
            return "C|" + userId + "|S|" + (enabled ? 1 : 0);
        }
    }

    record DiscoverableChanged(String userId, boolean enabled) implements ChannelEvent {
        @Override
        public String encode() {
            return "C|" + userId + "|D|" + (enabled ? 1 : 0);
        }
    }

    /** The user paused sharing until {@code untilMillis}: nothing of theirs is shared before that time. */
    record SharingPaused(String userId, long untilMillis) implements ChannelEvent {
        @Override
        public String encode() {
            return "C|" + userId + "|P|" + untilMillis;
        }
    }

    record AlertChanged(String userId, int meters) implements ChannelEvent {
        @Override
        public String encode() {
            return "C|" + userId + "|A|" + meters;
        }
    }

    /** {@code owner} changed whether {@code userId} (the viewer, whose control channel carries it) sees them. */
    record VisibilityChanged(String userId, String owner) implements ChannelEvent {
        @Override
        public String encode() {
            return "C|" + userId + "|V|" + owner;
        }
    }

    /** @return null for anything that is not a valid event (ignored and counted by the caller, never fatal) */
    static ChannelEvent decode(String text) {
        String[] p = text.split("\\|", text.startsWith("S|") ? 4 : -1);
        try {
            return switch (p[0]) {
                case "S" -> p.length != 4 ? null : stranger(p[1], CachedLocation.decode(p[2]), p[3]);
                case "L" -> p.length != 3 ? null : moved(p[1], CachedLocation.decode(p[2]));
                case "G" -> p.length != 3 ? null : new Gone(p[1], GoneReason.fromWire(p[2]));
                case "C" -> p.length != 4 ? null : control(p[1], p[2], p[3]);
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ChannelEvent moved(String userId, CachedLocation location) {
        return location == null ? null : new Moved(userId, location);
    }

    private static ChannelEvent stranger(String userId, CachedLocation location, String name) {
        return location == null ? null : new StrangerMoved(userId, location, name);
    }

    private static ChannelEvent control(String userId, String kind, String arg) {
        return switch (kind) {
            case "F+" -> new FriendAdded(userId, arg);
            case "F-" -> new FriendRemoved(userId, arg);
            case "S" -> new SharingChanged(userId, arg.equals("1"));
            case "D" -> new DiscoverableChanged(userId, arg.equals("1"));
            case "P" -> new SharingPaused(userId, Long.parseLong(arg));
            case "A" -> new AlertChanged(userId, Integer.parseInt(arg));
            case "V" -> new VisibilityChanged(userId, arg);
            default -> null;
        };
    }
}
