package io.nearby.loadgen;

import java.util.OptionalDouble;

/** Reads values out of Prometheus text exposition ({@code GET /metrics}). Pure. */
final class PromText {
    private PromText() {
    }

    /**
     * The sum over every series of {@code metric} whose label set contains {@code labelFilter} (e.g.
     * {@code area="heap"}; empty for all series); empty if there is no such series.
     */
    static OptionalDouble sum(String text, String metric, String labelFilter) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(metric)) {
                continue;
            }
            int end = metric.length();
            if (end >= line.length() || (line.charAt(end) != '{' && line.charAt(end) != ' ')) {
                continue; // a longer name that starts with this one
            }
            String labels = "";
            String rest = line.substring(end);
            if (rest.charAt(0) == '{') {
                int close = rest.lastIndexOf('}');
                labels = rest.substring(1, close);
                rest = rest.substring(close + 1);
            }
            if (!labelFilter.isEmpty() && !labels.contains(labelFilter)) {
                continue;
            }
            String[] f = rest.trim().split("\\s+");
            try {
                sum += Double.parseDouble(f[0]);
                found = true;
            } catch (NumberFormatException e) {
                // NaN, +Inf are parsed by parseDouble; anything else is skipped
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
