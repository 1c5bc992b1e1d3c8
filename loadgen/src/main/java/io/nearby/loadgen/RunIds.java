package io.nearby.loadgen;

import java.util.Locale;

/**
 * User ids of one benchmark run: {@code <prefix><index>}, e.g. {@code bm3k2x9-17}. The prefix is unique per run, so
 * a run against a long-lived server never meets the users or friendships of an earlier run.
 */
final class RunIds {
    private final String prefix;

    RunIds(String prefix) {
        if (!prefix.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("bad id prefix: " + prefix);
        }
        this.prefix = prefix;
    }

    /** A prefix from the clock: {@code b<seconds since epoch, base 36>-}. */
    static RunIds fromClock(long epochMillis) {
        return new RunIds("b" + Long.toString(epochMillis / 1000, 36).toLowerCase(Locale.ROOT) + "-");
    }

    String id(int index) {
        return prefix + index;
    }

    /** The index of one of this run's ids, or -1 for any other id. */
    int index(String id) {
        if (id == null || !id.startsWith(prefix) || id.length() == prefix.length() || id.length() > prefix.length() + 9) {
            return -1;
        }
        int n = 0;
        for (int i = prefix.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    String prefix() {
        return prefix;
    }
}
