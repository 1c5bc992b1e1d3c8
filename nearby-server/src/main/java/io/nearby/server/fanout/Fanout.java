package io.nearby.server.fanout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.nearby.ring.pubsub.MessageSink;
import io.nearby.ring.pubsub.PubSub;

/**
 * The one adapter between this server's sessions and the Pub/Sub ring, both ways. In: channel → local subscribers;
 * the process subscribes to a channel on the ring when its first local subscriber arrives and unsubscribes when the
 * last leaves (reference counting), so Redis sees one subscription per channel per server however many sessions want
 * it; each message is decoded once ({@link ChannelEvent#decode}) and handed to every local subscriber, after which
 * {@code afterDelivery} runs once (the delivery workers wake for all the outboxes the message filled). Out:
 * {@link #publish} encodes an event and queues it for its channel's node (it never waits for Redis).
 *
 * <p>Membership changes are serialised by one lock so that subscribe/unsubscribe reach the Pub/Sub layer in
 * the same order as the membership they reflect; message delivery takes no lock.
 */
public final class Fanout implements MessageSink {
    private static final System.Logger LOG = System.getLogger(Fanout.class.getName());

    /**
     * Channel → its local subscribers, an immutable array replaced on every membership change (under
     * {@link #membership}): a message reads one array and walks it, and a channel costs a few words, not a set.
     */
    private final Map<String, Subscriber[]> channels = new ConcurrentHashMap<>();
    private final ReentrantLock membership = new ReentrantLock();
    private final LongAdder received = new LongAdder();
    private final Runnable afterDelivery;
    private final PubSub pubSub;

    /**
     * @param connect opens the Pub/Sub layer with this fan-out as its message sink (no subscription exists yet, so no
     *     message can arrive before this constructor returns)
     * @param afterDelivery runs on the reader thread after each message was handed to its subscribers; must not block
     */
    public Fanout(Function<MessageSink, PubSub> connect, Runnable afterDelivery) {
        this.afterDelivery = afterDelivery;
        this.pubSub = connect.apply(this);
    }

    /** The Pub/Sub layer under this fan-out (for its health, meters and ring changes). */
    public PubSub pubSub() {
        return pubSub;
    }

    /**
     * Queues the event for its channel's node; never blocks, never throws. A lost publish (refused at once, or later)
     * is counted by the Pub/Sub layer ({@code nearby_pubsub_publish_failures_total}).
     */
    public void publish(String channel, ChannelEvent event) {
        pubSub.publish(channel, event.encode());
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
                channels.compute(channel, (c, now) -> with(now, subscriber));
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
                Subscriber[] now = channels.get(channel);
                if (now == null) {
                    continue;
                }
                Subscriber[] left = without(now, subscriber);
                if (left.length == 0) {
                    channels.remove(channel);
                    emptied.add(channel);
                } else if (left != now) {
                    channels.put(channel, left);
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
        Subscriber[] subscribers = channels.get(channel);
        if (subscribers == null) {
            return;
        }
        ChannelEvent event = ChannelEvent.decode(message);
        if (event == null) {
            LOG.log(System.Logger.Level.DEBUG, "ignored an undecodable message on " + channel);
            return;
        }
        long now = System.nanoTime();
        for (Subscriber s : subscribers) {
            s.onEvent(channel, event, now);
        }
        afterDelivery.run();
    }

    @Override
    public void resubscribed(Set<String> moved) {
        for (String channel : moved) {
            Subscriber[] subscribers = channels.get(channel);
            if (subscribers != null) {
                for (Subscriber s : subscribers) {
                    s.onResubscribed(channel);
                }
            }
        }
    }

    private static Subscriber[] with(Subscriber[] now, Subscriber added) {
        if (now == null) {
            return new Subscriber[] {added};
        }
        for (Subscriber s : now) {
            if (s == added) {
                return now;
            }
        }
        Subscriber[] next = Arrays.copyOf(now, now.length + 1);
        next[now.length] = added;
        return next;
    }

    private static Subscriber[] without(Subscriber[] now, Subscriber removed) {
        for (int i = 0; i < now.length; i++) {
            if (now[i] == removed) {
                Subscriber[] next = new Subscriber[now.length - 1];
                System.arraycopy(now, 0, next, 0, i);
                System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                return next;
            }
        }
        return now;
    }

    /** Channels with at least one local subscriber. */
    public int channelCount() {
        return channels.size();
    }

    public long messagesReceived() {
        return received.sum();
    }
}
