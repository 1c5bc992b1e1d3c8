package io.nearby.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits until a freshly started server passes its readiness probe. Fails fast, quoting the server's log, when the
 * process exits first or the timeout passes (the process is then killed so it cannot linger).
 */
final class Readiness {
    private static final long POLL_MILLIS = 50;

    private Readiness() {
    }

    /** @param condition what {@code probe} checks, for the failure message ("answers PING") */
    static void await(ServerProcess process, Duration timeout, String condition, BooleanSupplier probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (probe.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw process.failure("exited with code " + process.exitCode() + " before it " + condition);
            }
            if (System.nanoTime() > deadline) {
                process.kill();
                throw process.failure("did not " + condition + " within " + timeout + " (killed)");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.kill();
                throw process.failure("start interrupted before it " + condition);
            }
        }
    }
}
