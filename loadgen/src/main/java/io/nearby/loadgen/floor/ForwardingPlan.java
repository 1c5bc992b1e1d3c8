package io.nearby.loadgen.floor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Who receives whose frames at the stack floor: for each connection index (a simulated user), the indices of the
 * connections its frames are forwarded to — the user's friends within the radius, exactly the deliveries the real
 * server makes per update ({@code SocialGraph.forwardingPlan()}). The load generator writes it to a file, the
 * {@link FloorServer} process reads it at start. Immutable.
 *
 * <p>File format (text, UTF-8): a header line {@code nearby-floor-plan 1 <connections>}, then one line per connection
 * in index order with its targets separated by spaces (an empty line for none).
 */
public final class ForwardingPlan {
    private static final String MAGIC = "nearby-floor-plan 1 ";

    private final int[][] targets;

    private ForwardingPlan(int[][] targets) {
        this.targets = targets;
    }

    /**
     * @param targets for each index, the indices its frames go to (copied)
     * @throws IllegalArgumentException for a target out of range, a self-target or a duplicate
     */
    public static ForwardingPlan of(int[][] targets) {
        int[][] copy = new int[targets.length][];
        for (int u = 0; u < targets.length; u++) {
            copy[u] = targets[u].clone();
            for (int t : copy[u]) {
                if (t < 0 || t >= targets.length || t == u) {
                    throw new IllegalArgumentException("connection " + u + ": bad target " + t);
                }
            }
            if (Arrays.stream(copy[u]).distinct().count() != copy[u].length) {
                throw new IllegalArgumentException("connection " + u + ": duplicate targets");
            }
        }
        return new ForwardingPlan(copy);
    }

    /** How many connections the plan names. */
    public int size() {
        return targets.length;
    }

    /** The targets of {@code index}'s frames (do not modify). */
    int[] targetsOf(int index) {
        return targets[index];
    }

    /** Plans are equal when every connection has the same targets in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ForwardingPlan p && Arrays.deepEquals(targets, p.targets);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(targets);
    }

    /** Forwarded frames per received frame when every connection is open: the mean number of targets. */
    public double meanTargets() {
        return Arrays.stream(targets).mapToInt(t -> t.length).average().orElse(0);
    }

    public void write(Path file) {
        StringBuilder text = new StringBuilder(MAGIC).append(targets.length).append('\n');
        for (int[] t : targets) {
            text.append(Arrays.stream(t).mapToObj(Integer::toString).collect(Collectors.joining(" "))).append('\n');
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** @throws IllegalArgumentException when the file is not a plan */
    public static ForwardingPlan read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith(MAGIC)) {
            throw new IllegalArgumentException(file + " is not a forwarding plan");
        }
        int n = Integer.parseInt(lines.get(0).substring(MAGIC.length()).trim());
        if (lines.size() < n + 1) {
            throw new IllegalArgumentException(file + ": " + n + " connections announced, " + (lines.size() - 1) + " lines");
        }
        int[][] targets = new int[n][];
        for (int u = 0; u < n; u++) {
            String line = lines.get(u + 1).trim();
            targets[u] = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" +")).mapToInt(Integer::parseInt).toArray();
        }
        return of(targets);
    }
}
