package io.nearby.server.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The outbox: order, positions superseded, one writer at a time, a blocked writer blocks nobody else. */
class OutboxTest {
    /** An Outbound that records frames and can be made to block (a client that stops reading). */
    static final class RecordingOutbound implements Outbound {
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate;
        /** Holds the closing handshake in the socket (a slow write, a loaded machine). */
        volatile CountDownLatch closeGate;
        volatile boolean broken;

        @Override
        public void send(String text) {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (broken) {
                throw new IllegalStateException("connection gone");
            }
            frames.add(text);
        }

        @Override
        public void close(int code, String reason) {
            CountDownLatch g = closeGate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            frames.add("close " + code + " " + reason);
        }

        @Override
        public void ping() {
            frames.add("ping");
        }

        volatile boolean aborted;

        @Override
        public void abort() {
            aborted = true;
            broken = true;
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown(); // a write blocked on the socket fails once it is closed
            }
        }

        @Override
        public boolean isOpen() {
            return !broken;
        }
    }

    private final RecordingOutbound out = new RecordingOutbound();
    private final List<Long> delivered = new ArrayList<>();
    private int brokenCalls;
    private final Outbox outbox = new Outbox(out, () -> brokenCalls++, delivered::add);

    @Test
    void framesGoOutInOrderAndANewerPositionOfTheSameFriendReplacesTheWaitingOne() {
        outbox.add("page");
        outbox.addPosition("f:bob", "bob@1", 100);
        outbox.addPosition("f:carol", "carol@1", 101);
        outbox.addPing();
        outbox.addPosition("f:bob", "bob@2", 102);
        assertThat(outbox.pendingChars()).isEqualTo("page".length() + "carol@1".length() + "bob@2".length());
        outbox.flush();
        assertThat(out.frames).containsExactly("page", "carol@1", "ping", "bob@2");
        assertThat(delivered).as("deliveries counted when written, superseded ones not").containsExactly(101L, 102L);
        assertThat(outbox.hasWork()).isFalse();
    }

    @Test
    void theCloseHandshakeComesAfterWhatWaitsAndNothingAfterIt() {
        outbox.add("error");
        outbox.addClose(1008, "too many bad messages");
        outbox.add("late");
        outbox.flush();
        assertThat(out.frames).containsExactly("error", "close 1008 too many bad messages");
    }

    @Test
    void aClosingHandshakeBeingWrittenIsStillUnwrittenThoughNothingWaits() throws Exception {
        out.closeGate = new CountDownLatch(1);
        outbox.addClose(1001, "server is draining; reconnect");
        assertThat(outbox.unwritten()).as("waiting").isTrue();
        Thread writer = Thread.ofVirtual().start(outbox::flush);
        await("the writer is in the socket with the close frame").atMost(Duration.ofSeconds(5))
                .until(() -> outbox.writeBlockedNanos(System.nanoTime()) > 0);
        assertThat(outbox.hasWork()).as("taken by the writer: nothing waits").isFalse();
        assertThat(outbox.unwritten()).as("but it is not on the socket yet: a drain must not stop the server now").isTrue();
        out.closeGate.countDown();
        writer.join(5_000);
        assertThat(out.frames).containsExactly("close 1001 server is draining; reconnect");
        assertThat(outbox.unwritten()).as("written").isFalse();
    }

    @Test
    void aFailedWriteDropsTheRestAndReportsTheConnectionBroken() {
        out.broken = true;
        outbox.add("a");
        outbox.add("b");
        outbox.flush();
        assertThat(out.frames).isEmpty();
        assertThat(brokenCalls).isEqualTo(1);
        outbox.add("after");
        assertThat(outbox.hasWork()).as("closed: nothing more is queued").isFalse();
    }

    @Test
    void whileOneThreadIsBlockedWritingAnotherFlushReturnsAtOnceAndTheBlockedOneWritesWhatCameMeanwhile() throws Exception {
        out.gate = new CountDownLatch(1);
        outbox.add("first");
        Thread writer = Thread.ofVirtual().start(outbox::flush);
        await("the writer is blocked in the socket").atMost(Duration.ofSeconds(5))
                .until(() -> outbox.writeBlockedNanos(System.nanoTime()) > 0);
        outbox.addPosition("f:bob", "bob@1", -1);
        outbox.addPosition("f:bob", "bob@2", -1);
        long before = System.nanoTime();
        outbox.flush(); // another thread: returns at once, it would otherwise block too
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(1_000);
        out.gate.countDown();
        writer.join(5_000);
        assertThat(out.frames).containsExactly("first", "bob@2");
        assertThat(outbox.writeBlockedNanos(System.nanoTime())).isZero();
    }
}
