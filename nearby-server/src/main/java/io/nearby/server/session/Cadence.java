package io.nearby.server.session;

import io.nearby.server.config.CadenceRules;

/**
 * The update interval one connection's client is asked for ({@code {"type":"cadence","seconds":n}}) — a pure state
 * machine (callers pass the times and serialise every call).
 *
 * <p>The rule. {@link FriendView#earliestEntry} gives the earliest time any friend the user may see could be within
 * the radius, at the closing speed of {@link CadenceRules}; the client must send again by that time plus one normal
 * period P, so that no friend is within the radius for longer than about one period before one of the two sends. The
 * interval asked for is that deadline minus now, rounded down to a multiple of P, within [P, longest]. A client
 * that honours {@code cadence} sends its next update at most n seconds after receiving it and every n seconds after
 * that; one that ignores it sends every P, which this rule never asks to shorten.
 *
 * <p>The alert interval. While the user is moving and a friend they see is within the proximity alert's exit
 * distance ({@link FriendView#inAlertZoneAtOwnMove}), the interval is the shorter alert interval A of {@link CadenceRules}
 * (10 s): the moving one of two friends about to meet sends more often, so that the alert — on either side — comes
 * within about A rather than P. Only the user's own next update lengthens it again (when they stopped, or nobody is
 * that close any more).
 *
 * <p>When it is told: after {@code init} always; after each of the user's own updates when the interval changed; and
 * at once when a friend's update (or a change of who the user sees) makes the client's next expected update too late
 * — only shortening then, never lengthening, so that far friends' moves cause no messages.
 */
final class Cadence {
    private final boolean enabled;
    private final long normalMillis;
    private final long longestMillis;
    /** 0: no alert interval. */
    private final long alertMillis;
    /** The interval last told, ms; 0 before the first. */
    private long toldMillis;
    /** The client is expected to send again by this time (ms): the last own update or cadence message + told. */
    private long sendBy = Long.MAX_VALUE;

    Cadence(CadenceRules rules) {
        this.enabled = rules.enabled();
        this.normalMillis = rules.normal().toMillis();
        this.longestMillis = rules.longest().toMillis();
        this.alertMillis = rules.alertEnabled() ? rules.alert().toMillis() : 0;
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether a friend's update can make anything to tell: only while a longer interval than the normal one holds. */
    boolean mayShorten() {
        return enabled && toldMillis > normalMillis;
    }

    /** Whether there is an alert interval at all. */
    boolean alerts() {
        return alertMillis > 0;
    }

    /** Whether a friend coming near can make the alert interval to tell: only while a longer one holds. */
    boolean mayAlert() {
        return alertMillis > 0 && toldMillis > alertMillis;
    }

    /**
     * The user sent an update at {@code now}.
     *
     * @param earliestEntry the earliest a friend could be within the radius (ms; {@code Long.MAX_VALUE}: none could,
     *                      {@code Long.MIN_VALUE}: keep the normal period)
     * @param alert         the user is moving with a friend within the alert zone: the alert interval
     * @param always        tell even if unchanged (after {@code init})
     * @return the seconds to tell, or 0 for nothing
     */
    int ownUpdate(long now, long earliestEntry, boolean alert, boolean always) {
        if (!enabled) {
            return 0;
        }
        long interval = interval(now, earliestEntry, alert);
        sendBy = now + interval;
        if (!always && interval == toldMillis) {
            return 0;
        }
        toldMillis = interval;
        return seconds(interval);
    }

    /**
     * Something changed the earliest entry (a friend's update, a friend added or revealed, the user's own flags): a
     * shorter interval, told at once, if the client's next expected update would be too late.
     *
     * @param alert the user is moving and a friend just came within the alert zone: the alert interval
     * @return the seconds to tell, or 0 for nothing
     */
    int shorten(long now, long earliestEntry, boolean alert) {
        if (!enabled || toldMillis == 0) {
            return 0;
        }
        long interval = interval(now, earliestEntry, alert);
        if (now + interval >= sendBy) {
            return 0;
        }
        sendBy = now + interval;
        toldMillis = interval;
        return seconds(interval);
    }

    /** The interval last told, ms (0: none yet). */
    long toldMillis() {
        return toldMillis;
    }

    private long interval(long now, long earliestEntry, boolean alert) {
        if (alert && alertMillis > 0) {
            return alertMillis;
        }
        if (earliestEntry == Long.MIN_VALUE) {
            return normalMillis;
        }
        if (earliestEntry == Long.MAX_VALUE) {
            return longestMillis;
        }
        long room = earliestEntry + normalMillis - now;
        long rounded = room <= 0 ? 0 : room / normalMillis * normalMillis;
        return Math.max(normalMillis, Math.min(longestMillis, rounded));
    }

    private static int seconds(long millis) {
        return (int) (millis / 1000);
    }
}
