package io.nearby.server.session;

/**
 * The client end of a session: text frames out, and closing. Only the {@link Outbox}'s single writer calls
 * {@link #send}, {@link #ping} and {@link #close}; {@link #abort} and {@link #isOpen} may come from any thread.
 */
interface Outbound {
    /** Sends one text frame; blocks while the socket is full. Throws when the connection is gone. */
    void send(String text);

    void close(int code, String reason);

    /** A WebSocket ping frame (the client's stack answers with a pong). */
    void ping();

    /**
     * Drops the connection at once without a closing handshake and without writing anything (so it never blocks, even
     * on a full socket): the peer is gone or does not read. A write blocked on this connection then fails.
     */
    void abort();

    /**
     * False once the transport is gone. Helidon 4.5 does not tell the listener when it drops a connection itself
     * (the client vanished without a close frame, or sent a frame over the limit), so the registry asks this.
     */
    boolean isOpen();
}
