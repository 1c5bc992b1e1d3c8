package io.nearby.testkit;

/**
 * Run in a child JVM by {@link StaleServerCleanupIT}: starts a Redis and a PostgreSQL server, prints
 * {@code SERVERS <redis pid> <redis port> <postgres pid> <postgres port>} and waits to be SIGKILLed, which leaves both
 * servers orphaned (the shutdown hook never runs).
 */
public final class OrphanMaker {
    private OrphanMaker() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisServer redis = RedisServer.start();
        PostgresServer postgres = PostgresServer.shared();
        System.out.println(String.join(" ", "SERVERS", Long.toString(redis.pid()), Integer.toString(redis.port()),
                Long.toString(postgres.pid()), Integer.toString(postgres.port())));
        System.out.flush();
        Thread.sleep(300_000);
    }
}
