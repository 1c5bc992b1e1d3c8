package io.nearby.ring.pubsub;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link MessageSink} for tests: records every message per channel and every resubscribed call. */
final class RecordingSink implements MessageSink {
    private final Map<String, List<String>> messages = new ConcurrentHashMap<>();
    private final List<Set<String>> resubscribed = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(String channel, String message) {
        messages.computeIfAbsent(channel, key -> new CopyOnWriteArrayList<>()).add(message);
        if (threads.size() < 10) {
            threads.add(Thread.currentThread().getName());
        }
    }

    @Override
    public void resubscribed(Set<String> channels) {
        resubscribed.add(channels);
    }

    List<String> messages(String channel) {
        return messages.getOrDefault(channel, List.of());
    }

    int totalMessages() {
        return messages.values().stream().mapToInt(List::size).sum();
    }

    List<Set<String>> resubscribedCalls() {
        return resubscribed;
    }

    /** Names of the first threads that delivered messages. */
    List<String> deliveryThreads() {
        return threads;
    }
}
