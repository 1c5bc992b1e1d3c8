package io.nearby.ring.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.nearby.ring.pubsub.SubscriptionBook.Batch;
import io.nearby.ring.pubsub.SubscriptionBook.Waiter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The desired-set / batching / confirmation rules, driven by a fake Redis that answers each sent command in order
 * (as a real connection does) when the test says so.
 */
class SubscriptionBookTest {
    private final SubscriptionBook book = new SubscriptionBook();
    private final List<Waiter> ready = new ArrayList<>();
    /** Commands sent and not yet answered, in order: channel + (true = SUBSCRIBE). */
    private final Deque<Object[]> wire = new ArrayDeque<>();
    /** What Redis has subscribed after answering every command so far. */
    private final Set<String> server = new HashSet<>();

    @Test
    void nothingIsSentBeforeTheConnectionIsEstablished() {
        Waiter waiter = book.want(List.of("a", "b"), ready);
        assertThat(book.hasWork()).isFalse();
        assertThat(ready).isEmpty();

        book.connected(false);
        sendAll(10);
        assertThat(wire).hasSize(2);
        answerAll();

        assertThat(ready).containsExactly(waiter);
        assertThat(server).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void batchesAreCappedAndOneCommandPerChannel() {
        book.connected(false);
        List<String> channels = IntStream.range(0, 2_500).mapToObj(i -> "c" + i).toList();
        book.want(channels, ready);
        book.want(channels, ready); // idempotent: still 2,500 channels, no duplicate commands

        List<Batch> batches = new ArrayList<>();
        while (book.hasWork()) {
            batches.add(book.nextBatch(1_000));
        }
        assertThat(batches).extracting(b -> b.subscribe().size()).containsExactly(1_000, 1_000, 500);
        assertThat(batches).allSatisfy(b -> assertThat(b.unsubscribe()).isEmpty());
    }

    @Test
    void futureCompletesOnlyWhenEveryChannelIsConfirmed() {
        book.connected(false);
        Waiter waiter = book.want(List.of("a", "b", "c"), ready);
        sendAll(10);
        answer(2);
        assertThat(ready).isEmpty();
        answerAll();
        assertThat(ready).containsExactly(waiter);
    }

    @Test
    void subscribeOfAConfirmedChannelIsReadyAtOnceAndSendsNothing() {
        book.connected(false);
        book.want(List.of("a"), ready);
        sendAll(10);
        answerAll();
        ready.clear();

        Waiter again = book.want(List.of("a"), ready);
        assertThat(ready).containsExactly(again);
        assertThat(book.hasWork()).isFalse();
    }

    @Test
    void subscribeUnsubscribeSubscribeBeforeTheWriterRunsEndsSubscribedWithoutCommands() {
        book.connected(false);
        book.want(List.of("a"), ready);
        sendAll(10);
        answerAll();
        ready.clear();

        book.drop(List.of("a"), ready);
        Waiter again = book.want(List.of("a"), ready);
        assertThat(ready).containsExactly(again);
        sendAll(10);
        assertThat(wire).isEmpty();
        assertThat(server).containsExactly("a");
    }

    @Test
    void subscribeUnsubscribeSubscribeAcrossCommandsEndsSubscribedAndWaitsForTheLastConfirmation() {
        book.connected(false);
        Waiter first = book.want(List.of("a"), ready);
        sendAll(10); // SUBSCRIBE a
        book.drop(List.of("a"), ready);
        assertThat(ready).as("unsubscribing releases the first waiter").containsExactly(first);
        ready.clear();
        sendAll(10); // UNSUBSCRIBE a
        Waiter second = book.want(List.of("a"), ready);
        sendAll(10); // SUBSCRIBE a
        assertThat(wire).hasSize(3);

        answer(1); // subscribe a: but two commands still in flight
        assertThat(ready).isEmpty();
        answer(1); // unsubscribe a
        assertThat(ready).isEmpty();
        answer(1);
        assertThat(ready).containsExactly(second);
        assertThat(server).containsExactly("a");
        assertThat(book.confirmedCount()).isEqualTo(1);
    }

    @Test
    void unsubscribeReleasesWhoWaitedForThatChannel() {
        book.connected(false);
        Waiter waiter = book.want(List.of("a", "b"), ready);
        book.drop(List.of("a", "b"), ready);
        assertThat(ready).containsExactly(waiter);
        assertThat(book.waitingChannelCount()).isZero();
    }

    @Test
    void reconnectResubscribesEverythingAndWaitersSurvive() {
        book.connected(false);
        book.want(List.of("a", "b"), ready);
        sendAll(10);
        answerAll();
        Waiter pending = book.want(List.of("c"), ready);
        sendAll(10);

        book.disconnected();
        wire.clear();
        server.clear();
        assertThat(book.hasWork()).isFalse();
        assertThat(book.confirmedCount()).isZero();

        book.connected(false);
        sendAll(10);
        assertThat(wire).hasSize(3);
        answerAll();
        assertThat(server).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ready).contains(pending);
    }

    @Test
    void afterAReconnectTheResubscribedChannelsAreReportedOnceAllAreConfirmed() {
        book.connected(false);
        book.want(List.of("a", "b", "c"), ready);
        sendAll(10);
        answerAll();
        assertThat(book.takeResubscribed()).as("first connection: nothing to report").isNull();

        book.disconnected();
        book.connected(true);
        sendAll(10);
        answer(2);
        assertThat(book.takeResubscribed()).isNull();
        book.drop(List.of("c"), ready); // the last one is given up rather than confirmed
        assertThat(book.takeResubscribed()).containsExactlyInAnyOrder("a", "b");
        assertThat(book.takeResubscribed()).as("reported once").isNull();
    }

    @Test
    void aResubscriptionCutShortByAnotherLossIsNotReported() {
        book.want(List.of("a"), ready);
        book.connected(true);
        book.disconnected();
        assertThat(book.waitingChannelCount()).isEqualTo(1); // the caller's waiter only
        book.connected(false);
        sendAll(10);
        answerAll();
        assertThat(book.takeResubscribed()).isNull();
        assertThat(book.waitingChannelCount()).isZero();
    }

    @Test
    void forgottenWaiterIsNotCompletedAndLeavesNothingBehind() {
        Waiter waiter = book.want(List.of("a"), ready);
        book.forget(waiter);
        assertThat(book.waitingChannelCount()).isZero();
        book.connected(false);
        sendAll(10);
        answerAll();
        assertThat(ready).doesNotContain(waiter);
    }

    @Test
    void randomInterleavingsConvergeToTheDesiredSet() {
        Random random = new Random(42);
        book.connected(false);
        Set<String> expected = new HashSet<>();
        for (int step = 0; step < 20_000; step++) {
            String channel = "c" + random.nextInt(30);
            switch (random.nextInt(4)) {
                case 0 -> {
                    book.want(List.of(channel), ready);
                    expected.add(channel);
                }
                case 1 -> {
                    book.drop(List.of(channel), ready);
                    expected.remove(channel);
                }
                case 2 -> sendAll(1 + random.nextInt(5));
                default -> answer(random.nextInt(4));
            }
        }
        sendAll(Integer.MAX_VALUE);
        answerAll();
        assertThat(server).isEqualTo(expected);
        assertThat(book.confirmedCount()).isEqualTo(expected.size());
        assertThat(book.desiredSnapshot()).isEqualTo(expected);
        assertThat(book.hasWork()).isFalse();
        assertThat(book.waitingChannelCount()).isZero();
    }

    private void sendAll(int max) {
        while (book.hasWork()) {
            Batch batch = book.nextBatch(max);
            batch.subscribe().forEach(c -> wire.add(new Object[] {c, true}));
            batch.unsubscribe().forEach(c -> wire.add(new Object[] {c, false}));
        }
    }

    private void answer(int count) {
        for (int i = 0; i < count && !wire.isEmpty(); i++) {
            Object[] command = wire.poll();
            String channel = (String) command[0];
            boolean subscribe = (Boolean) command[1];
            if (subscribe) {
                server.add(channel);
            } else {
                server.remove(channel);
            }
            book.confirmed(channel, subscribe, ready);
        }
    }

    private void answerAll() {
        answer(Integer.MAX_VALUE);
    }
}
