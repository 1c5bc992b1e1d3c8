package io.nearby.server.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboard of the repository (k8s/grafana/nearby-dashboard.json) read as its panels and the metric names
 * their PromQL expressions use, so that a test can compare them with a real server's {@code /metrics}.
 */
record GrafanaDashboard(List<Panel> panels) {
    /** Relative to the nearby-server module, the working directory of its tests. */
    static final Path FILE = Path.of("..", "k8s", "grafana", "nearby-dashboard.json");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL keywords and aggregation modifiers that look like identifiers. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "inf", "nan");

    record Panel(String title, List<String> expressions) {
        /** Every metric name of every expression of this panel. */
        Set<String> metrics() {
            Set<String> out = new LinkedHashSet<>();
            expressions.forEach(e -> out.addAll(metricNames(e)));
            return out;
        }
    }

    static GrafanaDashboard read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard " + file.toAbsolutePath().normalize(), e);
        }
        List<Panel> panels = new ArrayList<>();
        for (JsonNode p : root.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            List<String> expressions = new ArrayList<>();
            p.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
            panels.add(new Panel(p.path("title").asText(), List.copyOf(expressions)));
        }
        return new GrafanaDashboard(List.copyOf(panels));
    }

    /**
     * The metric names of one PromQL expression: its identifiers that are not functions (followed by "("), keywords,
     * label names (in "{...}" selectors and "by (...)" / "without (...)" lists), ranges ("[...]") or string contents.
     */
    static Set<String> metricNames(String promql) {
        String s = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")      // strings (label values, $variables)
                .replaceAll("\\{[^}]*}", " ")                              // label matchers
                .replaceAll("\\[[^]]*]", " ")                              // ranges and subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group();
            boolean function = s.substring(m.end()).stripLeading().startsWith("(");
            boolean inNumber = m.start() > 0 && (Character.isDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
            if (!function && !inNumber && !KEYWORDS.contains(name.toLowerCase())) {
                out.add(name);
            }
        }
        return out;
    }
}
