package io.nearby.loadgen;

import picocli.CommandLine;

/**
 * The benchmark's entry point ({@code ./nearby bench [options]}; {@code --help} lists them). Exit status 0 when the
 * report was written, 1 when the run failed, 2 for bad options.
 *
 * <p>Side effects: starts a redis-server and a nearby-server process (unless told to use existing ones), writes
 * {@code bench-<timestamp>.md} and a work directory with the server's log under {@code --out}. With
 * {@code --servers}, {@code --pubsub-nodes} or {@code --cache cluster} it runs the multi-node benchmark
 * ({@link MultiNodeRun}) instead, with {@code --cadence-run} the adaptive-cadence benchmark ({@link CadenceRun}).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        // the charts are drawn without a display
        System.setProperty("java.awt.headless", "true");
        BenchOptions options = new BenchOptions();
        CommandLine cli = commandLine(options);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(Preset.expand(args));
            if (CommandLine.printHelpIfRequested(parsed)) {
                System.exit(0);
            }
            options.validate();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            cli.usage(System.err);
            System.exit(2);
            return;
        }
        String command = System.getProperty("bench.command", "Bench " + String.join(" ", args)).strip();
        try {
            if (options.cadenceRun) {
                new CadenceRun(options, command).run();
            } else if (options.multiNode()) {
                new MultiNodeRun(options, command).run();
            } else {
                new BenchRun(options, command).run();
            }
            System.exit(0);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /**
     * The parser of {@link BenchOptions}: durations as {@link DurationText}, and a repeated option allowed, the last
     * one winning, so that explicit options override the ones a {@link Preset} put in front of them.
     */
    static CommandLine commandLine(BenchOptions options) {
        return new CommandLine(options).registerConverter(java.time.Duration.class, new DurationText())
                .setOverwrittenOptionsAllowed(true);
    }
}
