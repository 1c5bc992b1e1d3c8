package io.nearby.ring;

import io.nearby.ring.pubsub.MessageSink;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving side of a test server: messages are {@code seq|sentNanos}; after a move ({@link #resubscribed}) it
 * re-reads the channels' latest values from {@code cache}, as nearby-server's fan-out re-reads the location cache.
 */
final class TrackingSink implements MessageSink {
    private final Map<String, Long> cache;
    private final Map<String, ChannelLog> logs = new ConcurrentHashMap<>();
    private final AtomicLong rereads = new AtomicLong();

    TrackingSink(Map<String, Long> cache) {
        this.cache = cache;
    }

    @Override
    public void onMessage(String channel, String message) {
        long seq = Long.parseLong(message.substring(0, message.indexOf('|')));
        log(channel).arrive(seq, System.nanoTime(), false);
    }

    @Override
    public void resubscribed(Set<String> channels) {
        long now = System.nanoTime();
        for (String channel : channels) {
            Long latest = cache.get(channel);
            if (latest != null) {
                rereads.incrementAndGet();
                log(channel).arrive(latest, now, true);
            }
        }
    }

    ChannelLog log(String channel) {
        return logs.computeIfAbsent(channel, c -> new ChannelLog());
    }

    long rereads() {
        return rereads.get();
    }
}
