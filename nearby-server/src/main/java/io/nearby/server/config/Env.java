package io.nearby.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nearby.credentials.Redaction;

/**
 * Typed, validated reads of environment variables. Every failure is a {@link ConfigException} that names
 * the variable and says what was expected. A blank value counts as unset.
 */
public final class Env {
    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public Optional<String> string(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String name, String fallback) {
        return string(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return inRange(name, Integer.parseInt(raw.get()), min, max);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "expected a whole number in [" + min + ", " + max + "], got '" + raw.get() + "'");
        }
    }

    public double decimal(String name, double fallback, double minExclusive, double max) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "expected a number, got '" + raw.get() + "'");
        }
        if (!(value > minExclusive && value <= max)) {
            throw new ConfigException(name, "expected a number in (" + minExclusive + ", " + max + "], got '" + raw.get() + "'");
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name, "expected true or false, got '" + raw.get() + "'");
        };
    }

    public Duration seconds(String name, long fallback, long min, long max) {
        return Duration.ofSeconds(integer(name, (int) fallback, (int) min, (int) max));
    }

    /** Comma-separated list; empty when unset. */
    public List<String> list(String name) {
        return string(name)
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** A URI with one of the given schemes, a host and a port, e.g. {@code redis://127.0.0.1:6379}. */
    public static URI uri(String name, String value, String... schemes) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "not a valid URL: '" + Redaction.redact(value) + "'");
        }
        if (uri.getScheme() == null || !List.of(schemes).contains(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new ConfigException(name, "expected " + String.join(" or ", schemes) + "://host:port, got '"
                    + Redaction.redact(value) + "'");
        }
        return uri;
    }

    private static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(name, "expected a whole number in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }
}
