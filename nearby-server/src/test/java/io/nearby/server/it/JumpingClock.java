package io.nearby.server.it;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real clock, which the test can move forward at once ({@link #jump}): the servers' "now" reaches a time set in
 * the future (a pause's end) without the test waiting for it. Time keeps running in real time in between.
 */
final class JumpingClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();

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
