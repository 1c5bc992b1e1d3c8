package io.nearby.ring.pubsub;

import io.nearby.credentials.Redaction;
import io.nearby.credentials.TlsTrust;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.DefaultJedisClientConfig;

/**
 * How this process proves itself to a Redis server and whom it trusts there: {@code AUTH [user] password} on every
 * connection it opens (the subscriber's and the pipelined writer's, at every reconnect: Jedis sends it while
 * initialising each {@code Connection} from its client config), and the CAs that a {@code rediss://} server's
 * certificate must chain to. The same for every node of the ring ({@code NEARBY_PUBSUB_USER},
 * {@code NEARBY_PUBSUB_PASSWORD}); the location cache has its own ({@code NEARBY_REDIS_URL}'s user info, or
 * {@code NEARBY_REDIS_USER}/{@code NEARBY_REDIS_PASSWORD}); {@code NEARBY_REDIS_TLS_CA_FILE} is the trust of both.
 *
 * <p>{@link #toString} never shows the password.
 *
 * @param user ACL user ({@code AUTH user password}); empty: the {@code default} user ({@code AUTH password})
 * @param password empty: no AUTH at all
 * @param trust for {@code rediss://} servers; empty: the JDK's default CAs
 */
public record RedisSecurity(Optional<String> user, Optional<String> password, Optional<TlsTrust> trust) {
    /** No AUTH, default trust. */
    public static final RedisSecurity NONE = new RedisSecurity(Optional.empty(), Optional.empty(), Optional.empty());

    public RedisSecurity {
        if (user.isPresent() && password.isEmpty()) {
            throw new IllegalArgumentException("a Redis user (" + user.get() + ") needs a password");
        }
    }

    public static RedisSecurity password(String password) {
        return new RedisSecurity(Optional.empty(), Optional.of(password), Optional.empty());
    }

    public RedisSecurity withTrust(Optional<TlsTrust> tls) {
        return new RedisSecurity(user, password, tls);
    }

    /** Adds the AUTH credentials to a Jedis client config. */
    DefaultJedisClientConfig.Builder applyTo(DefaultJedisClientConfig.Builder builder) {
        user.ifPresent(builder::user);
        password.ifPresent(builder::password);
        return builder;
    }

    /** What wraps the TCP socket of a {@code rediss://} connection. */
    SSLSocketFactory sslSocketFactory() {
        return trust.map(t -> t.context().getSocketFactory())
                .orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** TLS parameters with host name verification. */
    SSLParameters sslParameters() {
        return trust.orElseGet(TlsTrust::systemDefault).clientParameters();
    }

    @Override
    public String toString() {
        return "AUTH " + (password.isEmpty() ? "none" : user.orElse("default") + " " + Redaction.MASK)
                + ", TLS trust " + trust.map(TlsTrust::toString).orElse("the JDK's default CAs");
    }
}
