package io.nearby.server.config;

/**
 * The demo crowd of dev mode ({@code POST /api/dev/demo}, the web client's "Start demo"): simulated users who are
 * real clients of the server, walking around the signed-in user. Only available with NEARBY_DEV_MODE=true.
 *
 * @param friends   NEARBY_DEMO_FRIENDS [12]: demo users who become the signed-in user's friends
 * @param strangers NEARBY_DEMO_STRANGERS [3]: discoverable demo users who are nobody's friends ("people nearby")
 * @param autoStart NEARBY_DEMO_AUTOSTART [false; {@code ./nearby up --demo} sets true]: the web client starts the
 *                  demo by itself for whoever signs in; requires dev mode
 */
public record DemoConfig(int friends, int strangers, boolean autoStart) {
    public static final int DEFAULT_FRIENDS = 12;
    public static final int DEFAULT_STRANGERS = 3;
    public static final int MAX_FRIENDS = 50;
    public static final int MAX_STRANGERS = 20;

    static DemoConfig from(Env env, AuthConfig auth) {
        DemoConfig demo = new DemoConfig(
                env.integer("NEARBY_DEMO_FRIENDS", DEFAULT_FRIENDS, 1, MAX_FRIENDS),
                env.integer("NEARBY_DEMO_STRANGERS", DEFAULT_STRANGERS, 0, MAX_STRANGERS),
                env.bool("NEARBY_DEMO_AUTOSTART", false));
        if (demo.autoStart() && !auth.devMode()) {
            throw new ConfigException("NEARBY_DEMO_AUTOSTART", "the demo crowd exists only in dev mode: set NEARBY_DEV_MODE=true too");
        }
        return demo;
    }
}
