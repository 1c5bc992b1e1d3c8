package io.nearby.history;

import java.util.Optional;

/**
 * The validated parameters of {@code GET /api/users/me/history?from=<ms>&to=<ms>&limit=<n>}: {@code from} and
 * {@code to} are inclusive bounds on the point's ts in milliseconds since the epoch (defaults: everything still
 * kept), {@code limit} the most points returned (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}).
 *
 * @param from  earliest ts, {@code >= 0}
 * @param to    latest ts, {@code >= from}
 * @param limit 1 to {@value #MAX_LIMIT}
 */
public record HistoryQuery(long from, long to, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Why a parameter was refused; the message names the parameter and is meant for the client. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    /**
     * Parses the raw query parameters (absent = default).
     *
     * @throws Invalid for a value that is not a whole number, out of range, or {@code from > to}
     */
    public static HistoryQuery parse(Optional<String> from, Optional<String> to, Optional<String> limit) {
        long f = from.map(v -> millis("from", v)).orElse(0L);
        long t = to.map(v -> millis("to", v)).orElse(Long.MAX_VALUE);
        if (f > t) {
            throw new Invalid("from (" + f + ") must not be after to (" + t + ")");
        }
        int l = limit.map(HistoryQuery::limit).orElse(DEFAULT_LIMIT);
        return new HistoryQuery(f, t, l);
    }

    /** The query's times cut to where points can be stored, or empty when nothing can match. */
    public Optional<TimeWindow> within(TimeWindow stored) {
        return Optional.ofNullable(new TimeWindow(from, to).intersect(stored));
    }

    private static long millis(String name, String value) {
        long v;
        try {
            v = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new Invalid(name + " must be a whole number of milliseconds since the epoch, got '" + shorten(value) + "'");
        }
        if (v < 0) {
            throw new Invalid(name + " must not be negative, got " + v);
        }
        return v;
    }

    private static int limit(String value) {
        String why = "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + shorten(value) + "'";
        int v;
        try {
            v = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new Invalid(why);
        }
        if (v < 1 || v > MAX_LIMIT) {
            throw new Invalid(why);
        }
        return v;
    }

    private static String shorten(String value) {
        String printable = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
