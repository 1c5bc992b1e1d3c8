package io.nearby.testkit;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every server process this JVM started and has not closed, closed by one JVM shutdown hook: servers never outlive the
 * test JVM, also when tests fail or the JVM exits early (anything short of SIGKILL; for that see {@link PidRegistry}).
 *
 * <p>The first use in a JVM also kills processes left by JVMs that died without running their hook.
 */
final class LiveProcesses {
    private static final System.Logger LOG = System.getLogger(LiveProcesses.class.getName());
    private static final Set<ServerProcess> LIVE = new LinkedHashSet<>();
    private static final PidRegistry REGISTRY = PidRegistry.system();
    private static boolean initialised;

    private LiveProcesses() {
    }

    static PidRegistry registry() {
        return REGISTRY;
    }

    static synchronized void track(ServerProcess process) {
        if (!initialised) {
            initialised = true;
            List<Long> killed = REGISTRY.killStale();
            if (!killed.isEmpty()) {
                LOG.log(Level.WARNING, "killed stale test servers left by dead JVMs: pids {0}", killed);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(LiveProcesses::closeAll, "nearby-testkit-shutdown"));
        }
        LIVE.add(process);
    }

    static synchronized void untrack(ServerProcess process) {
        LIVE.remove(process);
    }

    /** Closes all live servers in parallel (Cassandra takes seconds to stop; the others should not wait for it). */
    private static void closeAll() {
        List<ServerProcess> live;
        synchronized (LiveProcesses.class) {
            live = new ArrayList<>(LIVE);
        }
        List<Thread> closers = new ArrayList<>();
        for (ServerProcess process : live) {
            closers.add(Thread.ofPlatform().name("nearby-testkit-stop-" + process.kind()).start(() -> {
                try {
                    process.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot stop " + process, e);
                }
            }));
        }
        for (Thread closer : closers) {
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
