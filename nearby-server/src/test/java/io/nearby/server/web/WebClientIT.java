package io.nearby.server.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.nearby.api.TokenIssuer;
import io.nearby.server.NearbyServer;
import io.nearby.server.config.NearbyConfig;
import io.nearby.testkit.FreePorts;
import io.nearby.testkit.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client in a real browser: Debian's Chromium driven by Playwright scripts (src/test/browser/scenarios,
 * see docs/web-client.md) against a real NearbyServer in dev mode on a free port, with a real redis-server and an
 * in-memory H2 that outlives a server restart. {@code NEARBY_PAGE_SIZE=5} so that a demo crowd is longer than a
 * page. Screenshots land in target/browser/. Each scenario fails with the script's whole output.
 */
class WebClientIT {
    private static final Duration SCENARIO_TIMEOUT = Duration.ofSeconds(100);
    private static RedisServer redis;
    private static Map<String, String> env;
    private static volatile NearbyServer server;

    @BeforeAll
    static void start() {
        BrowserScripts.install();
        redis = RedisServer.start();
        env = new HashMap<>();
        env.put("NEARBY_HTTP_PORT", String.valueOf(FreePorts.next()));
        env.put("NEARBY_DEV_MODE", "true");
        env.put("NEARBY_HTTP_HOST", "127.0.0.1");
        env.put("NEARBY_REDIS_URL", redis.url());
        env.put("NEARBY_DB_URL", "jdbc:h2:mem:web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        env.put("NEARBY_PAGE_SIZE", "5");
        env.put("NEARBY_DRAIN_SECONDS", "1");
        server = NearbyServer.start(NearbyConfig.fromEnvironment(env));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static BrowserScripts.Result scenario(String name) {
        return BrowserScripts.node(List.of("scenarios/" + name + ".mjs"), Map.of(
                "BASE_URL", "http://localhost:" + server.port(),
                "ARTIFACTS", artifacts()), SCENARIO_TIMEOUT, WebClientIT::request);
    }

    private static String artifacts() {
        return BrowserScripts.DIR.resolve("../../../target/browser").normalize().toString();
    }

    /** A script's requests: "restart" drains the server (1001 to every socket) and starts it again on its port. */
    private static String request(String what) {
        if (!what.equals("restart")) {
            return "unknown request " + what;
        }
        server.drainAndStop();
        server = NearbyServer.start(NearbyConfig.fromEnvironment(env));
        return "restarted";
    }

    @Test
    void thePagesPureModulesPassTheirUnitTests() {
        BrowserScripts.node(List.of("--test", "unit/"), Map.of(), Duration.ofSeconds(60), r -> null).assertPassed("node --test unit/");
    }

    @Test
    void aliceSeesBobWalkAtTheRightDistanceAndLeaveWhenHeStopsSharing() {
        scenario("friends").assertPassed("scenario friends");
    }

    @Test
    void startDemoPutsFriendsOnTheRadarAndStopDemoTakesThemAway() {
        scenario("demo").assertPassed("scenario demo");
    }

    @Test
    void aPhoneViewportHasNoSidewaysScrollingAndReachesEveryControl() {
        scenario("phone").assertPassed("scenario phone");
    }

    @Test
    void proximityAlertsHidingFromOneFriendAndGhostModeWorkFromThePage() {
        scenario("privacy").assertPassed("scenario privacy");
    }

    @Test
    void thePageReconnectsAndReinitialisesAfterAServerRestart() {
        scenario("reconnect").assertPassed("scenario reconnect");
    }

    @Test
    void everyServerErrorIsShownInWordsAndUnknownMessagesAreHarmless() {
        scenario("messages").assertPassed("scenario messages");
    }

    /** A second server, in production mode (no dev tokens, no demo): the page asks for an access token. */
    @Test
    void outsideDevModeThePageSignsInWithAnAccessToken() {
        String secret = "web-client-it-secret-0123456789abcdef";
        Map<String, String> production = new HashMap<>(env);
        production.remove("NEARBY_DEV_MODE");
        production.put("NEARBY_HTTP_PORT", String.valueOf(FreePorts.next()));
        production.put("NEARBY_JWT_SECRET", secret);
        production.put("NEARBY_DB_URL", "jdbc:h2:mem:web-prod-" + UUID.randomUUID());
        String user = "tess-" + UUID.randomUUID().toString().substring(0, 8);
        String token = new TokenIssuer(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC()).issue(user, Duration.ofMinutes(10));
        try (NearbyServer prod = NearbyServer.start(NearbyConfig.fromEnvironment(production))) {
            BrowserScripts.node(List.of("scenarios/token.mjs"), Map.of(
                    "BASE_URL", "http://localhost:" + prod.port(), "ARTIFACTS", artifacts(), "TOKEN", token, "TOKEN_USER", user),
                    SCENARIO_TIMEOUT, WebClientIT::request).assertPassed("scenario token");
        }
    }
}
