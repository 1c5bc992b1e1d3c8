package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The desk without sockets: sessions are plain objects, Redis replies are calls to {@code confirmed}. */
class SubscriptionDeskTest {
    private final List<Set<String>> resubscribed = new CopyOnWriteArrayList<>();
    private final SubscriptionDesk desk = new SubscriptionDesk("127.0.0.1:1", Tuning.defaults()
            .subscribeTimeout(Duration.ofMillis(100)).batchSize(2).build(), resubscribed::add);

    @Test
    void anUnconfirmedSubscribeFailsWithATimeoutNamingTheNodeAndIsForgotten() {
        CompletableFuture<Void> future = desk.subscribe(List.of("a", "b", "c"));
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class)
                .hasMessage("127.0.0.1:1 did not confirm 3 of 3 channels within 100 ms");
        assertThat(desk.desiredCount()).as("still wanted").isEqualTo(3);
    }

    @Test
    void theWriterGetsBatchesOnlyOnAnEstablishedSession() throws Exception {
        Session session = new Session(null, null);
        desk.subscribe(List.of("a", "b", "c"));
        assertThat(desk.attach(session)).isTrue();
        assertThat(desk.establish(session)).as("first connection is no reconnect").isFalse();

        SubscriptionDesk.Work first = desk.awaitWork();
        assertThat(first.session()).isSameAs(session);
        assertThat(first.batch().subscribe()).hasSize(2);
        assertThat(desk.awaitWork().batch().subscribe()).hasSize(1);
    }

    @Test
    void afterALossTheResubscriptionIsReportedOnTheReaderNeverOnTheCallerOfUnsubscribe() throws Exception {
        Session first = new Session(null, null);
        desk.attach(first);
        desk.establish(first);
        CompletableFuture<Void> subscribed = desk.subscribe(List.of("a", "b"));
        desk.confirmed(first, "a", true);
        desk.confirmed(first, "b", true);
        assertThat(subscribed).isCompleted();

        assertThat(desk.lost(first)).isTrue();
        Session second = new Session(null, null);
        desk.attach(second);
        assertThat(desk.establish(second)).isTrue();
        desk.confirmed(second, "a", true);
        desk.unsubscribe(List.of("b")); // "b" will never be confirmed now
        assertThat(resubscribed).as("not on the unsubscribing thread").isEmpty();

        desk.replied(second); // e.g. the next PONG, on the reader thread
        assertThat(resubscribed).containsExactly(Set.of("a"));
    }

    @Test
    void closeFailsPendingFuturesAndRefusesNewOnes() throws Exception {
        CompletableFuture<Void> pending = desk.subscribe(List.of("a"));
        assertThat(desk.close()).isNull();
        assertThat(pending).isCompletedExceptionally();
        assertThat(desk.subscribe(List.of("b"))).isCompletedExceptionally();
        assertThat(desk.awaitWork()).isNull();
    }
}
