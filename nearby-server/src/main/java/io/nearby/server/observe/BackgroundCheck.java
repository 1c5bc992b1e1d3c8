package io.nearby.server.observe;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A health check whose probe — a round trip to a dependency — runs on its own thread, one at a time, every
 * {@code every}; {@link #check()} answers at once with the latest completed result. A readiness probe must not wait
 * in the dependency's queue behind user traffic: during a reconnect storm the user DB pool is busy for seconds with the
 * sessions' inits, and a {@code SELECT 1} waiting there made {@code /health/ready} take 2.5–6 s (ReconnectStormIT),
 * over the load balancer's probe timeout (2 s in k8s/nearby-server.yaml) — which takes a busy but healthy server out
 * of rotation exactly when the others need it. A probe still running after {@code stuckAfter} makes the check down
 * (the dependency hangs); a probe that completes reports what it found, as before.
 */
public final class BackgroundCheck implements HealthCheck, AutoCloseable {
    private final String name;
    private final boolean critical;
    private final Supplier<Result> probe;
    private final long everyNanos;
    private final long stuckAfterNanos;
    private final LongSupplier nanoTime;
    private final Thread thread;
    private volatile Result last;
    /** System.nanoTime() when the probe now running started, or 0 when none runs. */
    private volatile long runningSince;
    private volatile boolean closed;

    /** Probes once now (so the check has a result from the start), then every {@code every} in the background. */
    public BackgroundCheck(String name, boolean critical, Supplier<Result> probe, Duration every, Duration stuckAfter) {
        this(name, critical, probe, every, stuckAfter, System::nanoTime, true);
    }

    BackgroundCheck(String name, boolean critical, Supplier<Result> probe, Duration every, Duration stuckAfter,
                    LongSupplier nanoTime, boolean start) {
        this.name = name;
        this.critical = critical;
        this.probe = probe;
        this.everyNanos = every.toNanos();
        this.stuckAfterNanos = stuckAfter.toNanos();
        this.nanoTime = nanoTime;
        probeOnce();
        this.thread = Thread.ofPlatform().daemon().name("nearby-health-" + name).unstarted(this::loop);
        if (start) {
            thread.start();
        }
    }

    /** Runs the probe and records its result (a probe that throws is down, with the exception). */
    void probeOnce() {
        runningSince = Math.max(1, nanoTime.getAsLong());
        Result result;
        try {
            result = probe.get();
        } catch (RuntimeException e) {
            result = Result.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        last = result;
        runningSince = 0;
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(Duration.ofNanos(everyNanos));
            } catch (InterruptedException e) {
                return;
            }
            probeOnce();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean critical() {
        return critical;
    }

    @Override
    public Result check() {
        long since = runningSince;
        if (since != 0 && nanoTime.getAsLong() - since > stuckAfterNanos) {
            return Result.down("no answer for " + Duration.ofNanos(nanoTime.getAsLong() - since).toSeconds() + " s (last: "
                    + last.detail() + ")");
        }
        return last;
    }

    /** Stops probing; waits up to a second for a probe in flight, so none runs against a dependency being closed. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (thread.isAlive()) {
            try {
                thread.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
