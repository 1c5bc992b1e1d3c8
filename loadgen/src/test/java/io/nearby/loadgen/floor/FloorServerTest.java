package io.nearby.loadgen.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;
import org.junit.jupiter.api.Test;

class FloorServerTest {
    /** A connection that records what is sent to it (and can be made to fail). */
    private static final class Recorded implements WsSession {
        final List<String> sent = new ArrayList<>();
        boolean broken;

        @Override
        public WsSession send(String text, boolean last) {
            if (broken) {
                throw new IllegalStateException("closed");
            }
            sent.add(text);
            return this;
        }

        @Override
        public WsSession send(BufferData bufferData, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WsSession ping(BufferData bufferData) {
            return this;
        }

        @Override
        public WsSession pong(BufferData bufferData) {
            return this;
        }

        @Override
        public WsSession close(int code, String reason) {
            return this;
        }

        @Override
        public WsSession terminate() {
            return this;
        }

        @Override
        public SocketContext socketContext() {
            throw new UnsupportedOperationException();
        }
    }

    private final FloorServer floor = new FloorServer(ForwardingPlan.of(new int[][] {{1, 2, 3}, {0}, {}, {0}}));
    private final Recorded[] ws = {new Recorded(), new Recorded(), new Recorded(), new Recorded()};

    @Test
    void aFrameGoesUnchangedToEveryConnectedTargetAndNowhereElse() {
        floor.opened(0, ws[0]);
        floor.opened(1, ws[1]);
        floor.opened(3, ws[3]);
        String frame = "{\"type\":\"location\",\"lat\":1.0,\"lon\":2.0,\"ts\":5,\"id\":\"b-0\"}";

        floor.onText(0, ws[0], frame);

        assertThat(ws[1].sent).containsExactly(frame);
        assertThat(ws[3].sent).containsExactly(frame);
        assertThat(ws[0].sent).isEmpty();
        assertThat(ws[2].sent).isEmpty(); // not connected
        assertThat(floor.received.sum()).isEqualTo(1);
        assertThat(floor.forwarded.sum()).isEqualTo(2);
        assertThat(floor.metrics()).contains("floor_received_total 1\n", "floor_forwarded_total 2\n",
                "floor_connections 3\n", "jvm_memory_used_bytes{area=\"heap\"} ");
    }

    @Test
    void initIsAnsweredWithAnEmptyPageAndNotForwarded() {
        floor.opened(0, ws[0]);
        floor.opened(1, ws[1]);

        floor.onText(0, ws[0], "{\"type\":\"init\",\"lat\":1.0,\"lon\":2.0,\"ts\":5,\"id\":\"b-0\"}");

        assertThat(ws[0].sent).containsExactly(FloorServer.EMPTY_PAGE);
        assertThat(ws[1].sent).isEmpty();
    }

    @Test
    void aClosedConnectionGetsNothingAndAFailedSendIsCounted() {
        floor.opened(0, ws[0]);
        floor.opened(1, ws[1]);
        floor.opened(2, ws[2]);
        floor.opened(3, ws[3]);
        floor.closed(1, ws[1]);
        ws[3].broken = true;

        floor.onText(0, ws[0], "{\"type\":\"location\",\"ts\":1}");

        assertThat(ws[1].sent).isEmpty();
        assertThat(ws[2].sent).hasSize(1);
        assertThat(floor.sendFailures.sum()).isEqualTo(1);
        assertThat(floor.forwarded.sum()).isEqualTo(1);
        assertThat(floor.connections.sum()).isEqualTo(3);
    }

    @Test
    void aReconnectReplacesTheConnectionAndTheOldOnesCloseDoesNotRemoveIt() {
        Recorded again = new Recorded();
        floor.opened(1, ws[1]);
        floor.opened(1, again);
        floor.closed(1, ws[1]);

        floor.onText(0, ws[0], "{\"type\":\"location\",\"ts\":1}");

        assertThat(again.sent).hasSize(1);
        assertThat(floor.connections.sum()).isEqualTo(1);
    }

    @Test
    void connectionsAreNamedByAnIndexWithinThePlan() {
        assertThat(floor.index("3")).isEqualTo(3);
        assertThat(floor.index("4")).isEqualTo(-1);
        assertThat(floor.index("-1")).isEqualTo(-1);
        assertThat(floor.index("x")).isEqualTo(-1);
        assertThat(floor.index("")).isEqualTo(-1);
    }
}
