package io.nearby.server.session;

import java.util.Optional;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import io.nearby.api.AuthFilter;
import io.nearby.api.TokenVerifier;
import io.nearby.api.Verification;
import io.nearby.server.protocol.ClientMessageParser;
import io.nearby.server.protocol.CloseCodes;

/**
 * {@code GET /ws}: one instance per connection (Helidon calls its supplier per upgrade), running on the
 * connection's virtual thread. The HTTP {@link AuthFilter} has already refused unauthenticated upgrades with
 * 401; the token is verified again here to learn who the user is. Fragmented messages are reassembled up to
 * {@link ClientMessageParser#MAX_MESSAGE_CHARS}; beyond that the connection is closed with 1009.
 *
 * <pre>websocat -H "Authorization: Bearer $TOKEN" ws://localhost:8080/ws</pre>
 */
public final class WsEndpoint implements WsListener {
    private final TokenVerifier verifier;
    private final SessionRegistry registry;
    private final StringBuilder partial = new StringBuilder();
    private String userId;
    private long tokenExpiresAtMillis;
    private NearbySession session;

    public WsEndpoint(TokenVerifier verifier, SessionRegistry registry) {
        this.verifier = verifier;
        this.registry = registry;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        Optional<String> token = AuthFilter.token(headers, prologue.query(), true);
        if (token.isPresent() && verifier.verify(token.get()) instanceof Verification.Verified v) {
            userId = v.userId();
            tokenExpiresAtMillis = v.expiresAt().toEpochMilli();
            return Optional.empty();
        }
        throw new WsUpgradeException("unauthenticated");
    }

    @Override
    public void onOpen(WsSession ws) {
        if (userId == null) {
            ws.close(CloseCodes.GOING_AWAY, "unauthenticated");
            return;
        }
        session = registry.open(userId, new WsOutbound(ws)).orElse(null);
        if (session == null) {
            ws.close(CloseCodes.GOING_AWAY, "server is draining");
            return;
        }
        session.tokenExpiresAt(tokenExpiresAtMillis);
    }

    /** Binary frames are not part of the protocol: each complete one is answered with {@code bad_request}. */
    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        if (session != null && last) {
            session.heard();
            session.onBinary();
        }
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        if (session == null) {
            return;
        }
        if (partial.length() + text.length() > ClientMessageParser.MAX_MESSAGE_CHARS) {
            partial.setLength(0);
            session.closeWith(CloseCodes.TOO_BIG, "message larger than " + ClientMessageParser.MAX_MESSAGE_CHARS + " characters");
            return;
        }
        if (!last) {
            partial.append(text);
            return;
        }
        session.heard();
        String message = partial.isEmpty() ? text : partial.append(text).toString();
        partial.setLength(0);
        session.onText(message);
    }

    @Override
    public void onPong(WsSession ws, BufferData buffer) {
        if (session != null) {
            session.heard();
        }
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        gone();
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        gone();
    }

    private void gone() {
        if (session != null) {
            registry.closed(session);
        }
    }

    /** Frames out through Helidon's session; callers hold the session lock, so sends never interleave. */
    private record WsOutbound(WsSession ws) implements Outbound {
        @Override
        public void send(String text) {
            ws.send(text, true);
        }

        @Override
        public void close(int code, String reason) {
            ws.close(code, reason);
        }

        @Override
        public void ping() {
            ws.ping(BufferData.empty());
        }

        /** Closes the TCP connection under Helidon (no close frame: nothing is written, so it never blocks). */
        @Override
        public void abort() {
            if (ws.socketContext() instanceof ConnectionContext connection) {
                connection.serverSocket().close();
            } else {
                ws.terminate();
            }
        }

        @Override
        public boolean isOpen() {
            try {
                return !(ws.socketContext() instanceof ConnectionContext connection) || connection.serverSocket().isConnected();
            } catch (UnsupportedOperationException e) {
                return true;
            }
        }
    }
}
