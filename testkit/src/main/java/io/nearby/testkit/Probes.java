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
        return redisPing(port, null, null);
    }

    /**
     * Redis answers {@code PING} with {@code +PONG}: after {@code AUTH password} when a password is given, over TLS
     * trusting {@code caFile} when one is given.
     */
    static boolean redisPing(int port, String password, Path caFile) {
        try (Socket plain = connect(port); Socket socket = caFile == null ? plain : tls(plain, port, caFile)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null) {
                byte[] pw = password.getBytes(StandardCharsets.UTF_8);
                out.write(("*2\r\n$4\r\nAUTH\r\n$" + pw.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(pw);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                if (!"+OK".equals(line(in))) {
                    return false;
                }
            }
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return "+PONG".equals(line(in));
        } catch (IOException | java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** One RESP line without its CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                int end = line.length() - 1;
                return end >= 0 && line.charAt(end) == '\r' ? line.substring(0, end) : line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("connection closed");
    }

    /** TLS over {@code plain}, trusting only the certificates of {@code caFile}, host name checked. */
    static Socket tls(Socket plain, int port, Path caFile) throws IOException, java.security.GeneralSecurityException {
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) trusting(caFile).getSocketFactory()
                .createSocket(plain, "127.0.0.1", port, true);
        javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    /** A client TLS context trusting exactly the certificates of {@code caFile} (PEM). */
    static javax.net.ssl.SSLContext trusting(Path caFile) throws IOException, java.security.GeneralSecurityException {
        java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
        }
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** An HTTP GET answers 200 with a body containing {@code expected} (etcd: {@code /health}). */
    static boolean httpOk(URI uri, String expected) {
        return httpOk(uri, expected, null);
    }

    /** {@link #httpOk(URI, String)}, over https trusting {@code caFile} when one is given. */
    static boolean httpOk(URI uri, String expected, Path caFile) {
        try {
            HttpClient client = caFile == null ? HTTP : HttpClient.newBuilder()
                    .connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS)).sslContext(trusting(caFile)).build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(TIMEOUT_MILLIS)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains(expected);
        } catch (IOException | java.security.GeneralSecurityException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The CQL native transport answers an OPTIONS frame with SUPPORTED. */
    static boolean cqlReady(int port) {
        return cqlReady(port, null);
    }

    /** {@link #cqlReady(int)}, over TLS trusting {@code caFile} when one is given. */
    static boolean cqlReady(int port, Path caFile) {
        try (Socket plain = connect(port); Socket socket = caFile == null ? plain : tls(plain, port, caFile)) {
            OutputStream out = socket.getOutputStream();
            out.write(CQL_OPTIONS);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] header = new byte[9];
            new DataInputStream(in).readFully(header);
            return (header[0] & 0x7f) == 0x04 && header[4] == CQL_SUPPORTED;
        } catch (IOException | java.security.GeneralSecurityException e) {
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
