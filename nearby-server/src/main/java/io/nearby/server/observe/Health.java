package io.nearby.server.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Liveness and readiness of this server process. Ready means: not draining and every critical check up.
 * Draining starts on SIGTERM, so that the load balancer stops sending new connections first.
 */
public final class Health {
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    public void add(HealthCheck check) {
        checks.add(check);
    }

    public void remove(String name) {
        checks.removeIf(c -> c.name().equals(name));
    }

    public void startDraining() {
        draining.set(true);
    }

    public boolean draining() {
        return draining.get();
    }

    /** A snapshot of every check, in registration order. */
    public Report report() {
        Map<String, HealthCheck.Result> results = new LinkedHashMap<>();
        boolean ready = !draining.get();
        for (HealthCheck check : checks) {
            HealthCheck.Result result = check.check();
            results.put(check.name(), result);
            ready &= result.up() || !check.critical();
        }
        return new Report(ready, draining.get(), results);
    }

    public record Report(boolean ready, boolean draining, Map<String, HealthCheck.Result> checks) {
    }
}
