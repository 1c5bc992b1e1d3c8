package io.nearby.server.config;

import java.util.Map;

/**
 * All configuration, read once from the environment at start-up and validated; one record per subsystem.
 * The variable names are the external contract (PROTOCOL.md); every failure names the variable.
 */
public record NearbyConfig(HttpConfig http, NearbyRules rules, WsLimits ws, AuthConfig auth, BackendConfig backends,
                           HistoryConfig history) {

    public static NearbyConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        return new NearbyConfig(HttpConfig.from(env), NearbyRules.from(env), WsLimits.from(env), AuthConfig.from(env),
                BackendConfig.from(env), HistoryConfig.from(env));
    }
}
