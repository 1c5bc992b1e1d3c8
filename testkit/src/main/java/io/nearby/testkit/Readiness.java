package io.nearby.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waits until a freshly started server passes its readiness probe AND holds its ports itself. Fails fast, quoting the
 * server's log, when the process exits first or the timeout passes (the process is then killed so it cannot linger).
 *
 * <p>The probe alone is not enough: if another JVM's server of the same kind listens on the port (another build chose
 * it at the same moment, and ours could not bind), the probe succeeds against that server, and the test would use a
 * foreign server. So a successful probe counts only when the listening socket of each of {@code ports} belongs to our
 * process ({@link Probes#listensOn}); otherwise the wait goes on until our server exits ("address in use") or times
 * out, and the failure says that another process holds the port.
 */
final class Readiness {
    private static final long POLL_MILLIS = 50;

    private Readiness() {
    }

    /**
     * @param condition what {@code probe} checks, for the failure message ("answers PING")
     * @param ports     the ports the server listens on once it passes the probe (checked to be its own)
     */
    static void await(ServerProcess process, Duration timeout, String condition, BooleanSupplier probe,
            List<Integer> ports) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String foreign = "";
        while (true) {
            if (probe.getAsBoolean()) {
                long pid = process.pid();
                List<Integer> notOurs = ports.stream().filter(port -> !Probes.listensOn(pid, port)).toList();
                if (notOurs.isEmpty() && process.isAlive()) {
                    return;
                }
                foreign = "; something answered, but port(s) " + notOurs + " are not held by pid " + pid
                        + " (another process on the same port?)";
            }
            if (!process.isAlive()) {
                throw process.failure("exited with code " + process.exitCode() + " before it " + condition + foreign);
            }
            if (System.nanoTime() > deadline) {
                process.kill();
                throw process.failure("did not " + condition + " within " + timeout + " (killed)" + foreign);
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
