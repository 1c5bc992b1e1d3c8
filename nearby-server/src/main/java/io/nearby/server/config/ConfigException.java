package io.nearby.server.config;

/**
 * A configuration value is missing or invalid. The message always names the environment variable,
 * so that start-up fails with something an operator can act on.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
