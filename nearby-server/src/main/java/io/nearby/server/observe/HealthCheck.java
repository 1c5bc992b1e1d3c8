package io.nearby.server.observe;

import io.nearby.credentials.Redaction;

/**
 * One dependency's health, asked on every readiness probe; must answer fast (a cached state, or a
 * sub-second ping). A non-critical check shows in the details but does not make the server unready
 * (e.g. the history store: losing history points is acceptable, refusing users is not).
 */
public interface HealthCheck {
    String name();

    boolean critical();

    Result check();

    /** @param detail for operators; credentials in it are masked here ({@link Redaction}), whoever built it */
    record Result(boolean up, String detail) {
        public Result {
            detail = Redaction.redact(detail);
        }

        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }

    static HealthCheck of(String name, boolean critical, java.util.function.Supplier<Result> probe) {
        return new HealthCheck() {
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
                try {
                    return probe.get();
                } catch (RuntimeException e) {
                    return Result.down(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        };
    }
}
