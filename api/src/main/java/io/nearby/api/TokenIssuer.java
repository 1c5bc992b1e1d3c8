package io.nearby.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Creates HS256 tokens {@code {sub, iat, exp}} that {@link TokenVerifier} accepts under the same secret. Used by the
 * dev-mode token endpoint, tests and the load generator; production tokens come from the larger app. Thread-safe.
 */
public final class TokenIssuer {
    private final JWSSigner signer;
    private final Clock clock;

    /**
     * @param secret HS256 key, at least {@value TokenVerifier#MIN_SECRET_BYTES} bytes (copied)
     * @param clock  source of {@code iat}
     */
    public TokenIssuer(byte[] secret, Clock clock) {
        if (secret == null || secret.length < TokenVerifier.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "HS256 secret must be at least " + TokenVerifier.MIN_SECRET_BYTES + " bytes");
        }
        try {
            this.signer = new MACSigner(secret.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable HS256 secret", e);
        }
        this.clock = clock;
    }

    /**
     * @param userId a valid user id
     * @param ttl    lifetime; {@code exp} = now + ttl (whole seconds)
     * @throws IllegalArgumentException for an invalid user id
     */
    public String issue(String userId, Duration ttl) {
        if (!UserIds.valid(userId)) {
            throw new IllegalArgumentException("invalid user id");
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }
}
