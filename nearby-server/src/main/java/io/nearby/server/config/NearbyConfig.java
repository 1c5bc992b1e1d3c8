package io.nearby.server.config;

import java.util.Map;

/**
 * All configuration, read once from the environment at start-up and validated; one record per subsystem.
 * The variable names are the external contract (PROTOCOL.md); every failure names the variable.
 */
public record NearbyConfig(HttpConfig http, NearbyRules rules, WsLimits ws, AuthConfig auth, BackendConfig backends,
                           HistoryConfig history, DemoConfig demo) {

    public static NearbyConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        AuthConfig auth = AuthConfig.from(env);
        return new NearbyConfig(HttpConfig.from(env), NearbyRules.from(env), WsLimits.from(env), auth,
                BackendConfig.from(env), HistoryConfig.from(env), DemoConfig.from(env, auth));
    }
}
