package io.nearby.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Verifies the HS256 JWTs that carry a caller's identity (PROTOCOL.md "Identity and authentication").
 *
 * <p>Accepted only when all hold: a compact JWS whose header {@code alg} is exactly {@code HS256} (so {@code none}
 * and every other algorithm are refused), a valid signature under the configured secret, a numeric {@code exp}
 * that is not more than {@link #LEEWAY} in the past, an {@code nbf} (optional) not more than {@link #LEEWAY} in the
 * future, and a {@code sub} that is a valid user id ({@link UserIds}). Tokens longer than {@link #MAX_TOKEN_CHARS}
 * are refused before parsing. Thread-safe; {@link #verify} never throws.
 */
public final class TokenVerifier {
    /** Clock skew tolerated on {@code exp} and {@code nbf}: 5 s (the contract allows at most 30 s). */
    public static final Duration LEEWAY = Duration.ofSeconds(5);
    /** Longer tokens are refused unparsed (a real token of ours is ~150 characters). */
    public static final int MAX_TOKEN_CHARS = 4096;
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final JWSVerifier verifier;
    private final Clock clock;

    /**
     * @param secret HS256 key, at least {@value #MIN_SECRET_BYTES} bytes (copied)
     * @param clock  source of "now" for {@code exp}/{@code nbf}
     * @throws IllegalArgumentException when the secret is too short
     */
    public TokenVerifier(byte[] secret, Clock clock) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("HS256 secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        try {
            this.verifier = new MACVerifier(secret.clone());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable HS256 secret", e);
        }
        this.clock = clock;
    }

    /** Checks {@code token} (without the {@code Bearer } prefix); null or blank is "missing". Never throws. */
    public Verification verify(String token) {
        try {
            return check(token);
        } catch (ParseException e) {
            return new Verification.Rejected("malformed token");
        } catch (JOSEException | RuntimeException e) {
            return new Verification.Rejected("token cannot be verified");
        }
    }

    private Verification check(String token) throws ParseException, JOSEException {
        if (token == null || token.isBlank()) {
            return new Verification.Rejected("missing token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            return new Verification.Rejected("token too long");
        }
        SignedJWT jwt = SignedJWT.parse(token);
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            return new Verification.Rejected("token algorithm must be HS256");
        }
        if (!jwt.verify(verifier)) {
            return new Verification.Rejected("bad token signature");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return new Verification.Rejected("token has no exp");
        }
        if (exp.toInstant().plus(LEEWAY).isBefore(now)) {
            return new Verification.Rejected("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(LEEWAY).isAfter(now)) {
            return new Verification.Rejected("token not yet valid");
        }
        Object sub = claims.getClaim("sub");
        if (!(sub instanceof String userId) || !UserIds.valid(userId)) {
            return new Verification.Rejected("token sub must be a valid user id");
        }
        return new Verification.Verified(userId, exp.toInstant());
    }
}
