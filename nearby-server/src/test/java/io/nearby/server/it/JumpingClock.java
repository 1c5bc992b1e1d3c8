package io.nearby.server.it;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real clock moved by an offset, which the test can move forward at once ({@link #jump}): the servers' "now"
 * reaches a time set in the future (a pause's end) without the test waiting for it, or starts at a moment of the
 * test's choosing ({@link #startingAt}, e.g. just before midnight). Time keeps running in real time in between.
 */
final class JumpingClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();

    /** A clock that reads {@code startMillis} now and advances in real time. */
    static JumpingClock startingAt(long startMillis) {
        JumpingClock clock = new JumpingClock();
        clock.jump(startMillis - System.currentTimeMillis());
        return clock;
    }

    void jump(long byMillis) {
        offsetMillis.addAndGet(byMillis);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
