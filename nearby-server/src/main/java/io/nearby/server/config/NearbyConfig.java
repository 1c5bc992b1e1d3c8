package io.nearby.server.config;

import java.util.Map;

/**
 * All configuration, read once from the environment at start-up and validated; one record per subsystem.
 * The variable names are the external contract (PROTOCOL.md); every failure names the variable.
 */
public record NearbyConfig(HttpConfig http, NearbyRules rules, CadenceRules cadence, WsLimits ws, AuthConfig auth, BackendConfig backends,
                           HistoryConfig history, DemoConfig demo) {

    public static NearbyConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        AuthConfig auth = AuthConfig.from(env);
        NearbyRules rules = NearbyRules.from(env);
        NearbyConfig config = new NearbyConfig(HttpConfig.from(env), rules, CadenceRules.from(env, rules.inactiveAfter()), WsLimits.from(env),
                auth, BackendConfig.from(env), HistoryConfig.from(env), DemoConfig.from(env, auth));
        // dev mode hands out a token for any user id: only to this machine, unless the operator insists
        if (config.auth().devMode() && !config.http().loopbackOnly()
                && !env.bool("NEARBY_DEV_MODE_ALLOW_REMOTE", false)) {
            throw new ConfigException("NEARBY_DEV_MODE", "dev mode (tokens for anyone via POST /api/dev/token) on "
                    + config.http().host() + ", which other machines can reach: set NEARBY_HTTP_HOST=127.0.0.1, or"
                    + " NEARBY_DEV_MODE_ALLOW_REMOTE=true if you really mean it");
        }
        return config;
    }
}
