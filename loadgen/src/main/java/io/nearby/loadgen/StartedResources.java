package io.nearby.loadgen;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * What a benchmark run started (servers, clients, clean-ups), stopped newest first: at the end, on failure and from
 * the shutdown hook. Thread-safe; {@link #stopAll} is idempotent.
 */
final class StartedResources {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Consumer<String> log;

    /** @param log hears what failed to stop */
    StartedResources(Consumer<String> log) {
        this.log = log;
    }

    <T extends AutoCloseable> T remember(T resource) {
        synchronized (started) {
            started.push(resource);
        }
        return resource;
    }

    /**
     * Runs a benchmark's {@code body} and stops everything it started afterwards — at the end, on failure, and from a
     * shutdown hook on Ctrl-C.
     */
    <T> T stoppingAfter(java.util.concurrent.Callable<T> body) throws Exception {
        Thread hook = new Thread(this::stopAll, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.call();
        } finally {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    void stopAll() {
        while (true) {
            AutoCloseable next;
            synchronized (started) {
                next = started.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                log.accept("while stopping " + next + ": " + e);
            }
        }
    }
}
