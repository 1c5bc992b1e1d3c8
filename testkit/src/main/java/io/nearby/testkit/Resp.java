package io.nearby.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a fresh socket, in just enough of RESP2 for the kit to ask a server about itself
 * ({@code CLUSTER INFO}, {@code CLUSTER NODES}, {@code INFO replication}) without a client library: AUTH first when a
 * password is given, TLS trusting {@code caFile} when one is given, 1 s connect and read timeouts.
 *
 * <p>Replies: a simple or bulk string as {@link String} (a null bulk as null), an integer as {@link Long}, an array as a
 * {@link List}; an error reply throws {@link IOException} with the server's message.
 */
final class Resp {
    private static final int TIMEOUT_MILLIS = 1000;

    private Resp() {
    }

    static Object call(int port, String password, Path caFile, String... command) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            try (Socket socket = caFile == null ? plain : Probes.tls(plain, port, caFile)) {
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                if (password != null) {
                    write(out, "AUTH", password);
                    read(in);
                }
                write(out, command);
                return read(in);
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("TLS to port " + port + ": " + e.getMessage(), e);
        } finally {
            plain.close();
        }
    }

    /** {@link #call}, for a reply that is a string ({@code CLUSTER INFO}, {@code INFO}). */
    static String text(int port, String password, Path caFile, String... command) throws IOException {
        Object reply = call(port, password, caFile, command);
        if (reply instanceof String s) {
            return s;
        }
        throw new IOException(String.join(" ", command) + " answered " + reply + ", not a string");
    }

    /** The value of {@code field:value} in an INFO-style text, or null. */
    static String field(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    private static void write(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            frame.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            frame.writeBytes(bytes);
            frame.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length != length) {
                    throw new IOException("connection closed in a bulk reply");
                }
                line(in);
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            case -1:
                throw new IOException("connection closed");
            default:
                throw new IOException("not a RESP2 reply: '" + (char) type + line + "'");
        }
    }

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
}
