package io.nearby.loadgen;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * Durations on the command line: a number with a unit, {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 3m}; a bare
 * number means seconds. Also the picocli converter for {@link Duration} options.
 */
final class DurationText implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*");

    /** @throws IllegalArgumentException for anything else, naming the text */
    static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (expected e.g. 500ms, 2s, 1.5s, 3m)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanosPerUnit = switch (unit) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new IllegalStateException(unit);
        };
        return Duration.ofNanos(Math.round(value * nanosPerUnit));
    }

    /** The shortest faithful form: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 90s}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0 && ms < 1000) {
            return ms + "ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.3fs", ms / 1000.0).replaceAll("0+s$", "s");
    }

    @Override
    public Duration convert(String value) {
        return parse(value);
    }
}
