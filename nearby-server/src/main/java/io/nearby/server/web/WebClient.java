package io.nearby.server.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;
import io.nearby.api.JsonBodies;
import io.nearby.server.config.NearbyConfig;

/**
 * The web client: the static files under {@code web/} in the server's jar at {@code /} (index.html, ES modules, CSS,
 * no build step), and {@code GET /client-config.json}, the few settings the page needs before it has a token. Both
 * are outside {@code /api} and {@code /ws}, so the auth filter lets them through; they carry no user data.
 *
 * <pre>{@code
 * curl -s localhost:8080/client-config.json
 * {"radiusMiles":5.0,"inactiveSeconds":600,"pageSize":20,"devMode":true,"demo":{"friends":12,"strangers":3,"autoStart":false}}
 * }</pre>
 */
public final class WebClient {
    /** Where the files live on the classpath (nearby-server/src/main/resources/web). */
    public static final String CLASSPATH_ROOT = "web";
    public static final String CONFIG_PATH = "/client-config.json";

    private WebClient() {
    }

    /** Registers the config document and the static files; call last, after every other route. */
    public static void register(HttpRouting.Builder routing, NearbyConfig config) {
        Map<String, Object> body = clientConfig(config);
        routing.get(CONFIG_PATH, (req, res) -> {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            JsonBodies.send(res, body);
        });
        routing.register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                .location(CLASSPATH_ROOT)
                .welcome("index.html")
                .build()));
    }

    /** What the page reads at start: the rules it draws (radius, paging) and whether dev sign-in and the demo exist. */
    static Map<String, Object> clientConfig(NearbyConfig config) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("radiusMiles", config.rules().radiusMiles());
        json.put("inactiveSeconds", config.rules().inactiveAfter().toSeconds());
        json.put("pageSize", config.rules().pageSize());
        json.put("devMode", config.auth().devMode());
        if (config.auth().devMode()) {
            Map<String, Object> demo = new LinkedHashMap<>();
            demo.put("friends", config.demo().friends());
            demo.put("strangers", config.demo().strangers());
            demo.put("autoStart", config.demo().autoStart());
            json.put("demo", demo);
        }
        return json;
    }
}
