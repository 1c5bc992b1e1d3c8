package io.nearby.server.session;

/** The client end of a session: text frames out, and closing. Implementations are called under the session lock. */
interface Outbound {
    /** Sends one text frame; blocks while the socket is full. Throws when the connection is gone. */
    void send(String text);

    void close(int code, String reason);

    /** A WebSocket ping frame (the client's stack answers with a pong). */
    void ping();

    /** Drops the connection without a closing handshake (the peer is presumed gone). */
    void terminate();

    /**
     * False once the transport is gone. Helidon 4.5 does not tell the listener when it drops a connection itself
     * (the client vanished without a close frame, or sent a frame over the limit), so the registry asks this.
     */
    boolean isOpen();
}
