package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    static final byte[] SECRET = "test-secret-0123456789-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final TokenVerifier verifier = new TokenVerifier(SECRET, clock);

    @Test
    void acceptsAnIssuedToken() {
        String token = new TokenIssuer(SECRET, clock).issue("alice", Duration.ofMinutes(5));
        assertThat(verifier.verify(token)).isInstanceOfSatisfying(Verification.Verified.class, v -> assertThat(v.userId()).isEqualTo("alice"));
    }

    @Test
    void rejectsExpiredTokensBeyondTheLeeway() {
        assertThat(verifier.verify(sign(claims("alice", NOW.minusSeconds(60))))).isEqualTo(rejected("token expired"));
        assertThat(verifier.verify(sign(claims("alice", NOW.minus(TokenVerifier.LEEWAY).minusSeconds(1)))))
                .isEqualTo(rejected("token expired"));
        assertThat(verifier.verify(sign(claims("alice", NOW.minusSeconds(2)))))
                .as("within the %s leeway", TokenVerifier.LEEWAY).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void rejectsAnotherSecret() {
        byte[] other = "another-secret-0123456789-0123456789-xyz".getBytes(StandardCharsets.UTF_8);
        String token = new TokenIssuer(other, clock).issue("alice", Duration.ofMinutes(5));
        assertThat(verifier.verify(token)).isEqualTo(rejected("bad token signature"));
    }

    @Test
    void rejectsAlgNone() {
        String unsigned = new PlainJWT(claims("alice", NOW.plusSeconds(60))).serialize();
        assertThat(verifier.verify(unsigned)).isInstanceOf(Verification.Rejected.class);
        // a forged header claiming "none" on an HS256-shaped token
        String[] parts = sign(claims("alice", NOW.plusSeconds(60))).split("\\.");
        String noneHeader = Base64URL.encode("{\"alg\":\"none\"}").toString();
        assertThat(verifier.verify(noneHeader + "." + parts[1] + ".")).isInstanceOf(Verification.Rejected.class);
        assertThat(verifier.verify(noneHeader + "." + parts[1] + "." + parts[2])).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void rejectsOtherHmacAlgorithms() throws Exception {
        byte[] longSecret = (new String(SECRET, StandardCharsets.UTF_8).repeat(2)).getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims("alice", NOW.plusSeconds(60)));
        jwt.sign(new MACSigner(longSecret));
        assertThat(new TokenVerifier(longSecret, clock).verify(jwt.serialize()))
                .isEqualTo(rejected("token algorithm must be HS256"));
    }

    @Test
    void rejectsATamperedPayload() {
        String[] parts = sign(claims("alice", NOW.plusSeconds(60))).split("\\.");
        String forged = Base64URL.encode(claims("mallory", NOW.plusSeconds(60)).toString()).toString();
        assertThat(verifier.verify(parts[0] + "." + forged + "." + parts[2])).isEqualTo(rejected("bad token signature"));
    }

    @Test
    void requiresExpAndSub() {
        JWTClaimsSet noExp = new JWTClaimsSet.Builder().subject("alice").build();
        assertThat(verifier.verify(sign(noExp))).isEqualTo(rejected("token has no exp"));
        JWTClaimsSet noSub = new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60))).build();
        assertThat(verifier.verify(sign(noSub))).isEqualTo(rejected("token sub must be a valid user id"));
    }

    @Test
    void rejectsANonNumericExp() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").claim("exp", "tomorrow").build();
        assertThat(verifier.verify(sign(claims))).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void rejectsSubsThatAreNotUserIds() {
        for (String sub : new String[]{"al ice", "alice/../bob", "", "ä", "a".repeat(65)}) {
            assertThat(verifier.verify(sign(claims(sub, NOW.plusSeconds(60)))))
                    .as(sub).isEqualTo(rejected("token sub must be a valid user id"));
        }
        assertThat(verifier.verify(sign(claims("a".repeat(64), NOW.plusSeconds(60)))))
                .isInstanceOfSatisfying(Verification.Verified.class, v -> assertThat(v.userId()).isEqualTo("a".repeat(64)));
    }

    @Test
    void rejectsANotBeforeInTheFuture() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(claims("alice", NOW.plusSeconds(600)))
                .notBeforeTime(Date.from(NOW.plusSeconds(60))).build();
        assertThat(verifier.verify(sign(claims))).isEqualTo(rejected("token not yet valid"));
    }

    @Test
    void rejectsGarbageWithoutThrowing() {
        assertThat(verifier.verify(null)).isEqualTo(rejected("missing token"));
        assertThat(verifier.verify("  ")).isEqualTo(rejected("missing token"));
        assertThat(verifier.verify("abc")).isEqualTo(rejected("malformed token"));
        assertThat(verifier.verify("a.b.c")).isInstanceOf(Verification.Rejected.class);
        assertThat(verifier.verify("x".repeat(10_000))).isEqualTo(rejected("token too long"));
        assertThat(verifier.verify("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln")).isInstanceOf(Verification.Rejected.class);
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> new TokenVerifier(new byte[31], clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenIssuer(new byte[31], clock)).isInstanceOf(IllegalArgumentException.class);
    }

    static JWTClaimsSet claims(String sub, Instant exp) {
        return new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(exp)).build();
    }

    static String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Verification rejected(String reason) {
        return new Verification.Rejected(reason);
    }
}
