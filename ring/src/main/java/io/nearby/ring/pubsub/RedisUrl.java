package io.nearby.ring.pubsub;

import io.nearby.credentials.Redaction;
import io.nearby.ring.RingSpecException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A Redis URL that may carry credentials, as an operator writes one for the location cache:
 * {@code redis://[[user]:password@]host[:port]} or {@code rediss://…} (TLS). The credentials are split off here, so
 * that what the rest of the process keeps, logs and reports is the {@link #address} alone.
 *
 * @param address the server, canonical and credential-free
 * @param user the URL's user name (percent-decoded), if any
 * @param password the URL's password (percent-decoded), if any
 */
public record RedisUrl(RedisAddress address, Optional<String> user, Optional<String> password) {

    /**
     * @throws IllegalArgumentException naming what is wrong, never repeating a password
     */
    public static RedisUrl parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new RingSpecException("'" + Redaction.redact(trimmed) + "' is not a URI; expected"
                    + " redis://[user:password@]host:port (rediss:// for TLS)");
        }
        String info = uri.getUserInfo();
        if (info == null) {
            return new RedisUrl(RedisAddress.parse(trimmed), Optional.empty(), Optional.empty());
        }
        int colon = info.indexOf(':');
        if (colon < 0) {
            throw new RingSpecException("the user info of a Redis URL is user:password or :password (for the default"
                    + " user), got no ':' before the '@' (host " + uri.getHost() + ")");
        }
        String user = info.substring(0, colon);
        String password = info.substring(colon + 1);
        if (password.isEmpty()) {
            throw new RingSpecException("the Redis URL for host " + uri.getHost() + " has user info without a password");
        }
        String bare;
        try {
            bare = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            throw new RingSpecException("cannot take the credentials out of the Redis URL for host " + uri.getHost());
        }
        return new RedisUrl(RedisAddress.parse(bare), user.isEmpty() ? Optional.empty() : Optional.of(user),
                Optional.of(password));
    }

    /** The credentials of the URL, with {@code trust} for TLS. */
    public RedisSecurity security(Optional<io.nearby.credentials.TlsTrust> trust) {
        return new RedisSecurity(user, password, trust);
    }

    @Override
    public String toString() {
        return password.isEmpty() ? address.uri()
                : address.uri().replace("://", "://" + user.orElse("") + ":" + Redaction.MASK + "@");
    }
}
