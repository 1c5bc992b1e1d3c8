package io.nearby.ring;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What one receiving server saw of one channel: every arrival that advanced the channel's state (a message with a
 * newer sequence number, or a cache re-read after a move that found a newer one), and the sequence numbers of all
 * messages received (publishes of one channel may overtake each other, so a late older one is not a loss).
 * Thread-safe.
 */
final class ChannelLog {
    /** One state advance. */
    record Arrival(long nanos, long seq, boolean reread) {
    }

    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<Arrival> messages = new ArrayList<>();
    private final BitSet received = new BitSet();
    private long lastSeq;

    synchronized void arrive(long seq, long nanos, boolean reread) {
        if (!reread) {
            received.set((int) seq);
            messages.add(new Arrival(nanos, seq, false));
        }
        if (seq > lastSeq) {
            lastSeq = seq;
            arrivals.add(new Arrival(nanos, seq, reread));
        }
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    synchronized int count() {
        return arrivals.size();
    }

    /** Longest time between consecutive state advances in [from, to], counting from the last advance before {@code from}. */
    synchronized long maxGapNanos(long from, long to) {
        long previous = Long.MIN_VALUE;
        long max = 0;
        for (Arrival arrival : arrivals) {
            if (arrival.nanos() > to) {
                break;
            }
            if (arrival.nanos() >= from && previous != Long.MIN_VALUE) {
                max = Math.max(max, arrival.nanos() - Math.max(previous, from));
            }
            previous = arrival.nanos();
        }
        if (previous != Long.MIN_VALUE) {
            max = Math.max(max, to - Math.max(previous, from)); // still silent at the end of the window
        }
        return max;
    }

    /**
     * Messages never received (at any time) with a sequence number between the lowest and highest of those received
     * in [from, to].
     */
    synchronized long lostMessages(long from, long to) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Arrival message : messages) {
            if (message.nanos() >= from && message.nanos() <= to) {
                min = Math.min(min, message.seq());
                max = Math.max(max, message.seq());
            }
        }
        if (min > max) {
            return 0;
        }
        return (max - min + 1) - received.get((int) min, (int) max + 1).cardinality();
    }

    /** One update on its way: sent at {@code sentNanos}, reached the receiver (or was superseded there) at {@code arrivedNanos}. */
    @FunctionalInterface
    interface DelayConsumer {
        void accept(long sentNanos, long arrivedNanos);
    }

    /**
     * How long updates waited to reach this receiver, directly or superseded by a newer one (a message or a re-read),
     * one per state advance in [from, to]: the advance at {@code t} after sequence number {@code p} is the delay of
     * update {@code p + 1}, the oldest one it delivers, {@code t - sent(p + 1)}. Normally the delivery latency; one
     * lost update that the next one replaces makes it one interval; "no pair stops receiving for more than one
     * interval" means under two intervals. Independent of the sender's own jitter, since it is measured from each
     * update's send time.
     */
    synchronized void delays(long from, long to, java.util.function.LongUnaryOperator sentNanos, DelayConsumer out) {
        long previousSeq = -1;
        for (Arrival arrival : arrivals) {
            if (arrival.nanos() > to) {
                break;
            }
            if (arrival.nanos() >= from && previousSeq >= 0) {
                out.accept(sentNanos.applyAsLong(previousSeq + 1), arrival.nanos());
            }
            previousSeq = arrival.seq();
        }
    }

    synchronized long firstAfter(long nanos) {
        return arrivals.stream().mapToLong(Arrival::nanos).filter(t -> t > nanos).min().orElse(Long.MAX_VALUE);
    }

    synchronized long lastBefore(long nanos) {
        return arrivals.stream().mapToLong(Arrival::nanos).filter(t -> t < nanos).max().orElse(Long.MIN_VALUE);
    }

    synchronized boolean rereadAfter(long nanos) {
        return arrivals.stream().anyMatch(a -> a.reread() && a.nanos() > nanos);
    }
}
