package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitFilterTest {
    static final byte[] SECRET = "rate-test-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8);

    @Test
    void answers429PerCallerOnceTheBurstIsSpent() {
        AtomicLong nanos = new AtomicLong();
        TokenIssuer issuer = new TokenIssuer(SECRET, Clock.systemUTC());
        try (TestServer server = new TestServer(10_000, r -> {
            ApiErrorHandlers.register(r);
            r.addFilter(new AuthFilter(new TokenVerifier(SECRET, Clock.systemUTC())));
            r.addFilter(new RateLimitFilter(new RateLimiter(1, 3, 100, nanos::get)));
            r.get("/api/ping", (req, res) -> res.send("pong"));
            r.get("/health", (req, res) -> res.send("UP"));
        })) {
            String alice = issuer.issue("alice", Duration.ofMinutes(5));
            for (int i = 0; i < 3; i++) {
                assertThat(server.call("GET", "/api/ping", alice, null).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> limited = server.call("GET", "/api/ping", alice, null);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).contains("\"error\":\"rate_limited\"");
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(server.call("GET", "//api//ping", alice, null).statusCode()).as("repeated slashes are still /api").isEqualTo(429);

            String bob = issuer.issue("bob", Duration.ofMinutes(5));
            assertThat(server.call("GET", "/api/ping", bob, null).statusCode()).as("bob has his own bucket").isEqualTo(200);
            for (int i = 0; i < 10; i++) {
                assertThat(server.call("GET", "/health", null, null).statusCode()).as("not under /api").isEqualTo(200);
            }
            nanos.addAndGet(1_000_000_000L);
            assertThat(server.call("GET", "/api/ping", alice, null).statusCode()).isEqualTo(200);
        }
    }
}
