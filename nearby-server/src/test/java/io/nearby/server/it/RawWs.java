package io.nearby.server.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket that writes exactly the frames it is told to — unlike the JDK client, which
 * splits long messages into several frames by itself. Used to send one single frame larger than the server's limit.
 * Server frames are read as (opcode, payload); a close frame's payload starts with the 2-byte status code.
 */
final class RawWs implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWs(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and upgrades; fails unless the server answers 101. */
    static RawWs connect(int port, String token) throws IOException {
        return connect(port, token, 0);
    }

    /**
     * Connects with a receive buffer of {@code receiveBufferBytes} (0: the system's): a client that then stops reading
     * fills the server's socket after a few kilobytes, as a stalled phone does.
     */
    static RawWs connect(int port, String token, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("localhost", port), (int) WsClient.WAIT.toMillis());
        socket.setSoTimeout((int) WsClient.WAIT.toMillis());
        RawWs ws = new RawWs(socket);
        ws.out.write(("GET /ws?access_token=" + token + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String head = ws.readHttpHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head);
        }
        return ws;
    }

    private String readHttpHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One masked binary frame with FIN set. */
    void sendBinaryFrame(byte[] payload) throws IOException {
        sendFrame(0x2, payload);
    }

    /** One masked text frame with FIN set, whatever its length. Throws if the server has closed meanwhile. */
    void sendTextFrame(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame. */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    /**
     * The next frame from the server, or null when the connection ended without one. Like a client that ignores the
     * server-driven cadence, this one skips {@code cadence} messages.
     */
    Frame read() throws IOException {
        Frame f;
        do {
            f = readAny();
        } while (f != null && f.opcode() == 0x1 && f.text().startsWith("{\"type\":\"cadence\""));
        return f;
    }

    private Frame readAny() throws IOException {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, payload);
        } catch (SocketTimeoutException e) {
            throw new IOException("no frame within " + WsClient.WAIT, e);
        } catch (IOException e) {
            return null;
        }
    }

    /** Skips data frames until a close frame arrives; returns its code, or -1 if the connection ended without one. */
    int awaitClose() throws IOException {
        Frame f;
        while ((f = read()) != null) {
            if (f.opcode() == 0x8) {
                return f.closeCode();
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
