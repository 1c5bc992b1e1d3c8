package io.nearby.server.fanout;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.nearby.ring.pubsub.PubSub;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out's contract with the Pub/Sub layer, whose confirmations this test holds back (the real layer on real Redis is
 * exercised by RedisConnectionsIT, TwoServersIT and RingIT; a pending confirmation cannot be held open there).
 */
class FanoutTest {
    /** The Pub/Sub layer as {@link PubSub} describes it: a set of desired channels, each confirmed once. */
    private static final class HeldBackPubSub implements PubSub {
        final Map<String, CompletableFuture<Void>> confirmations = new HashMap<>();

        @Override
        public CompletableFuture<Void> subscribe(Collection<String> channels) {
            return CompletableFuture.allOf(channels.stream()
                    .map(c -> confirmations.computeIfAbsent(c, x -> new CompletableFuture<>()))
                    .toArray(CompletableFuture[]::new));
        }

        @Override
        public void unsubscribe(Collection<String> channels) {
            channels.forEach(confirmations::remove);
        }

        @Override
        public boolean publish(String channel, String message) {
            return true;
        }

        @Override
        public int subscribedChannelCount() {
            return confirmations.size();
        }

        @Override
        public void close() {
        }
    }

    private static Subscriber session() {
        return new Subscriber() {
            @Override
            public void onEvent(String channel, ChannelEvent event, long receivedNanos) {
            }

            @Override
            public void onResubscribed(String channel) {
            }
        };
    }

    /** Regression: a second session got a completed future for a channel whose SUBSCRIBE was still unconfirmed. */
    @Test
    void aSecondSubscriberWaitsForTheConfirmationTheFirstIsWaitingFor() {
        HeldBackPubSub pubSub = new HeldBackPubSub();
        Fanout fanout = new Fanout(sink -> pubSub, () -> { });
        CompletableFuture<Void> first = fanout.add(session(), List.of("u:bob"));
        CompletableFuture<Void> then = fanout.add(session(), List.of("u:bob"));
        assertThat(first).isNotDone();
        assertThat(then).as("Redis has not confirmed u:bob yet").isNotDone();
        pubSub.confirmations.get("u:bob").complete(null);
        assertThat(first).isDone();
        assertThat(then).isDone();
        assertThat(fanout.add(session(), List.of("u:bob"))).as("confirmed: at once").isDone();
        assertThat(fanout.channelCount()).isEqualTo(1);
    }
}
