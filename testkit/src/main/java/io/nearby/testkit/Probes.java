package io.nearby.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Readiness probes that speak just enough of each server's protocol, so the kit needs no client library.
 * Each returns false (never throws) while the server is not ready.
 */
final class Probes {
    private static final int TIMEOUT_MILLIS = 1000;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS)).build();
    /** CQL native protocol v4 OPTIONS request: version, flags, stream id 1, opcode 0x05, empty body. */
    private static final byte[] CQL_OPTIONS = {0x04, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00};
    private static final int CQL_SUPPORTED = 0x06;

    private Probes() {
    }

    /** Redis answers {@code PING} with {@code +PONG}. */
    static boolean redisPing(int port) {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[5];
            new DataInputStream(socket.getInputStream()).readFully(reply);
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    /** An HTTP GET answers 200 with a body containing {@code expected} (etcd: {@code /health}). */
    static boolean httpOk(URI uri, String expected) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(TIMEOUT_MILLIS)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains(expected);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The CQL native transport answers an OPTIONS frame with SUPPORTED. */
    static boolean cqlReady(int port) {
        try (Socket socket = connect(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(CQL_OPTIONS);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] header = new byte[9];
            new DataInputStream(in).readFully(header);
            return (header[0] & 0x7f) == 0x04 && header[4] == CQL_SUPPORTED;
        } catch (IOException e) {
            return false;
        }
    }

    /** A command (e.g. {@code pg_isready}) exits with 0 within a few seconds. */
    static boolean commandSucceeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether the socket listening on TCP {@code port} belongs to process {@code pid}: its inode, from
     * {@code /proc/net/tcp} and {@code tcp6} (Linux), is among the process's open files. A probe that succeeds only
     * says that SOME server answers on the port; another JVM's server of the same kind may (another build chose the
     * same port, and ours failed to bind). True when the OS does not tell (no /proc): nothing to check against.
     */
    static boolean listensOn(long pid, int port) {
        Set<String> sockets = new HashSet<>();
        boolean readable = false;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].contains(":") && "0A".equals(f[3])
                            && Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16) == port) {
                        sockets.add("socket:[" + f[9] + "]");
                    }
                }
                readable = true;
            } catch (IOException | RuntimeException e) {
                // no such table (no IPv6), or not Linux
            }
        }
        if (!readable) {
            return true;
        }
        if (sockets.isEmpty()) {
            return false;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (sockets.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
            return false;
        } catch (IOException e) {
            return false; // the process is gone
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
