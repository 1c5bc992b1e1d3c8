package io.nearby.ring.pubsub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Opens the single socket of one connection (the subscriber's, or the publisher's) and refuses to open another.
 * Jedis' {@code Connection} silently reconnects when a command is sent on a closed connection; on the subscriber that
 * would create a second, unread subscriber connection (the writer thread racing a reconnect), on the publisher a
 * reconnect outside its backoff. With this factory a dead connection stays dead and the owning loop makes the next
 * one.
 *
 * <p>For a {@code rediss://} server the connected socket is wrapped in TLS here (host name checked against the
 * certificate, handshake within the socket timeout), before Jedis sends anything: AUTH travels encrypted.
 *
 * <p>Thread-safe: {@link #close} may be called from any thread, also while the socket is connecting, and makes any
 * blocked connect, read or write on it fail at once.
 */
final class OneShotSocketFactory implements JedisSocketFactory {
    private final RedisAddress address;
    private final int connectTimeoutMillis;
    private final int soTimeoutMillis;
    private final RedisSecurity security;
    private Socket socket;
    private boolean closed;

    OneShotSocketFactory(RedisAddress address, int connectTimeoutMillis, int soTimeoutMillis, RedisSecurity security) {
        this.address = address;
        this.security = security;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.soTimeoutMillis = soTimeoutMillis;
    }

    @Override
    public Socket createSocket() throws JedisConnectionException {
        Socket created = new Socket();
        synchronized (this) {
            if (closed || socket != null) {
                throw new JedisConnectionException("connection to " + address + " is closed");
            }
            socket = created;
        }
        try {
            created.setKeepAlive(true);
            created.setTcpNoDelay(true);
            created.connect(new InetSocketAddress(address.host(), address.port()), connectTimeoutMillis);
            created.setSoTimeout(soTimeoutMillis);
            return address.tls() ? tls(created) : created;
        } catch (IOException e) {
            close();
            throw new JedisConnectionException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    /** TLS over the connected socket; {@link #close} still closes the plain socket under it, which ends the TLS one. */
    private Socket tls(Socket plain) throws IOException {
        String host = address.host().startsWith("[") ? address.host().substring(1, address.host().length() - 1)
                : address.host();
        SSLSocket tls = (SSLSocket) security.sslSocketFactory().createSocket(plain, host, address.port(), true);
        tls.setSSLParameters(security.sslParameters());
        tls.setSoTimeout(soTimeoutMillis);
        tls.startHandshake();
        return tls;
    }

    /** Closes the socket (if any) and prevents any further one. */
    void close() {
        Socket toClose;
        synchronized (this) {
            closed = true;
            toClose = socket;
        }
        if (toClose != null) {
            try {
                toClose.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return "socket to " + address;
    }
}
