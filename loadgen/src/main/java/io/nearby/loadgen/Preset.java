package io.nearby.loadgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Named shapes of a run ({@code --preset NAME}): each is a list of options placed <em>before</em> the ones given on
 * the command line, and the command line is parsed with repeated options allowed, the last one winning, so that
 * anything given explicitly overrides the preset. {@code --help} lists them ({@link BenchOptions}); docs/benchmarks.md
 * says what each takes. Pure.
 */
enum Preset {
    /** Today's defaults: 1,000 users × 20 friends, 10% of them near (2 deliveries per update), 500 updates/s. */
    DEFAULT("default", List.of()),
    /**
     * The seed's shape: every update reaches 40 connected friends within the radius, and 40 more connected friends
     * far away cost the server a filter check each (the seed: 400 friends, ~10% online and near). 1,000 users keep
     * the REST setup (82,000 requests) to about a minute on 2 cores. An update every 1.5 s offers 667 updates/s →
     * 26,700 deliveries/s: the generator's own receive work (~15–20 µs of CPU per received frame with the JDK
     * WebSocket client) would take ~0.7 of the 2 cores at 40,000 deliveries/s, leaving too little for a server
     * that meets its target (35,000 deliveries/s per core) without saturating the machine; {@code --period 1s}
     * offers the 40,000.
     */
    SEED("seed", List.of("--users", "1000", "--friends", "80", "--near-friends", "40", "--period", "1.5s")),
    /**
     * A saturation sweep of the default population: offered rates from 500 updates/s up in ×1.5 steps, each step
     * 5 s of warm-up and 10 s measured, for the floor and for the server, until a server step fails.
     */
    SWEEP("sweep", List.of("--sweep", "--warmup", "5s", "--duration", "10s", "--baseline-seconds", "5")),
    /**
     * The adaptive cadence ({@link CadenceRun}): 1,000 users in 10 cities, 20 friends each of whom 4 in the same city,
     * in a world 10 times faster: 60 s of warm-up and 180 s measured per phase are 10 and 30 minutes of the product's.
     */
    CADENCE("cadence", List.of("--cadence-run", "--users", "1000", "--friends", "20", "--warmup", "60s", "--duration", "180s"));

    private final String cliName;
    private final List<String> args;

    Preset(String cliName, List<String> args) {
        this.cliName = cliName;
        this.args = args;
    }

    /** The options this preset stands for. */
    List<String> args() {
        return args;
    }

    /** @throws IllegalArgumentException naming the known presets */
    static Preset named(String name) {
        for (Preset p : values()) {
            if (p.cliName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown --preset '" + name + "' (known: " + names() + ")");
    }

    static String names() {
        return Arrays.stream(values()).map(p -> p.cliName).collect(Collectors.joining(", "));
    }

    /**
     * The command line with the named preset's options in front ({@code --preset NAME} or {@code --preset=NAME}; the
     * last one counts if given twice). Without {@code --preset}, the arguments unchanged.
     *
     * @throws IllegalArgumentException for an unknown preset or a {@code --preset} without a name
     */
    static String[] expand(String[] args) {
        String name = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--preset")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--preset needs a name (" + names() + ")");
                }
                name = args[++i];
            } else if (args[i].startsWith("--preset=")) {
                name = args[i].substring("--preset=".length());
            } else if (args[i].equals("--")) {
                break;
            }
        }
        if (name == null) {
            return args;
        }
        List<String> out = new ArrayList<>(named(name).args());
        out.addAll(Arrays.asList(args));
        return out.toArray(String[]::new);
    }
}
