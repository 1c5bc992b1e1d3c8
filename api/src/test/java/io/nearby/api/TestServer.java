package io.nearby.api;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.nearby.testkit.HttpCalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;

import io.nearby.testkit.HttpCalls;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A real WebServer on a free port, called through the test kit's {@link HttpCalls}. */
final class TestServer implements AutoCloseable {
    private final WebServer server;

    TestServer(long maxPayloadSize, Consumer<HttpRouting.Builder> routing) {
        this.server = WebServer.builder().port(0).host("127.0.0.1")
                .maxPayloadSize(maxPayloadSize)
                .directHandlers(ApiDirectHandler.directHandlers())
                .routing(routing::accept)
                .build()
                .start();
    }

    HttpResponse<String> call(String method, String path, String token, String body) {
        return HttpCalls.call(method, URI.create("http://127.0.0.1:" + server.port() + path), token, body);
    }

    /** Sends raw bytes and returns whatever arrives until the server closes or 2 s of silence. */
    String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    if (out.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                        break;
                    }
                }
            } catch (IOException timeoutOrReset) {
                // return what arrived
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
