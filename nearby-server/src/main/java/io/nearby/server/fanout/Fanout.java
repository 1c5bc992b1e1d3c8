package io.nearby.server.fanout;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import io.nearby.ring.pubsub.MessageSink;
import io.nearby.ring.pubsub.PubSub;

/**
 * Server-side fan-out: channel → local subscribers. The process subscribes to a channel on the Pub/Sub ring
 * when its first local subscriber arrives and unsubscribes when the last leaves (reference counting), so Redis
 * sees one subscription per channel per server however many sessions want it. Each message is decoded once
 * and handed to every local subscriber.
 *
 * <p>Membership changes are serialised by one lock so that subscribe/unsubscribe reach the Pub/Sub layer in
 * the same order as the membership they reflect; message delivery takes no lock.
 */
public final class Fanout implements MessageSink {
    private static final System.Logger LOG = System.getLogger(Fanout.class.getName());

    private final Map<String, Set<Subscriber>> channels = new ConcurrentHashMap<>();
    private final ReentrantLock membership = new ReentrantLock();
    private final LongAdder received = new LongAdder();
    private volatile PubSub pubSub;

    /** The Pub/Sub layer is created with this sink, hence set after construction, once. */
    public void attach(PubSub pubSub) {
        this.pubSub = pubSub;
    }

    /**
     * @return completes when every wanted channel is confirmed by its node, including one that another local
     *         subscriber asked for first and that is still pending (the Pub/Sub layer keeps a set of desired channels:
     *         it sends SUBSCRIBE only for those new to it and answers at once for those already confirmed)
     */
    public CompletableFuture<Void> add(Subscriber subscriber, Collection<String> wanted) {
        membership.lock();
        try {
            for (String channel : wanted) {
                channels.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(subscriber);
            }
            return wanted.isEmpty() ? CompletableFuture.completedFuture(null) : pubSub.subscribe(wanted);
        } finally {
            membership.unlock();
        }
    }

    public void remove(Subscriber subscriber, Collection<String> unwanted) {
        List<String> emptied = new ArrayList<>();
        membership.lock();
        try {
            for (String channel : unwanted) {
                Set<Subscriber> set = channels.get(channel);
                if (set != null && set.remove(subscriber) && set.isEmpty()) {
                    channels.remove(channel);
                    emptied.add(channel);
                }
            }
            if (!emptied.isEmpty()) {
                pubSub.unsubscribe(emptied);
            }
        } finally {
            membership.unlock();
        }
    }

    @Override
    public void onMessage(String channel, String message) {
        received.increment();
        Set<Subscriber> set = channels.get(channel);
        if (set == null || set.isEmpty()) {
            return;
        }
        ChannelEvent event = ChannelEvent.decode(message);
        if (event == null) {
            LOG.log(System.Logger.Level.DEBUG, "ignored an undecodable message on " + channel);
            return;
        }
        long now = System.nanoTime();
        for (Subscriber s : set) {
            s.onEvent(channel, event, now);
        }
    }

    @Override
    public void resubscribed(Set<String> moved) {
        for (String channel : moved) {
            Set<Subscriber> set = channels.get(channel);
            if (set != null) {
                set.forEach(s -> s.onResubscribed(channel));
            }
        }
    }

    /** Channels with at least one local subscriber. */
    public int channelCount() {
        return channels.size();
    }

    public long messagesReceived() {
        return received.sum();
    }
}
