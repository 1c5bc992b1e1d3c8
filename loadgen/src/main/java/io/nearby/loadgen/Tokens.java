package io.nearby.loadgen;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import io.nearby.api.TokenIssuer;

/**
 * The JWTs of one run's users, minted with the server's HS256 secret (the service only verifies tokens; issuing them
 * is the larger app's job, which the generator plays). Minted once per user, valid for a day.
 */
final class Tokens {
    private final String[] tokens;

    Tokens(String secret, RunIds ids, int users) {
        TokenIssuer issuer = new TokenIssuer(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        tokens = new String[users];
        for (int u = 0; u < users; u++) {
            tokens[u] = issuer.issue(ids.id(u), Duration.ofDays(1));
        }
    }

    String of(int user) {
        return tokens[user];
    }
}
