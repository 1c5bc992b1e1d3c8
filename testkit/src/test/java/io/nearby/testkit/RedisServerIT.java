package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

@ExtendWith(RealServers.class)
class RedisServerIT {
    /** The server {@link RealServers} injected into {@code @BeforeAll}: every test method must get this same one. */
    private static RedisServer classServer;

    @BeforeAll
    static void recordTheClassServer(RedisServer redis) {
        classServer = redis;
    }

    @Test
    void threeServersAreIndependentAndSurviveKillAndRestart() {
        List<Integer> ports;
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start();
                RedisServer c = RedisServer.start()) {
            ports = List.of(a.port(), b.port(), c.port());
            assertThat(ports).doesNotHaveDuplicates();
            for (RedisServer server : List.of(a, b, c)) {
                try (Jedis jedis = connect(server)) {
                    jedis.set("whoami", server.url());
                }
            }
            for (RedisServer server : List.of(a, b, c)) {
                try (Jedis jedis = connect(server)) {
                    assertThat(jedis.get("whoami")).as("value on %s", server).isEqualTo(server.url());
                }
            }

            b.kill();
            assertThatThrownBy(() -> {
                try (Jedis jedis = connect(b)) {
                    jedis.ping();
                }
            }).as("client of killed %s", b).isInstanceOf(JedisConnectionException.class);

            b.restart();
            try (Jedis jedis = connect(b)) {
                assertThat(jedis.get("whoami")).as("no persistence: a restarted %s is empty", b).isNull();
                jedis.set("after", "restart");
                assertThat(jedis.get("after")).isEqualTo("restart");
            }
            try (Jedis jedis = connect(a)) {
                assertThat(jedis.get("whoami")).as("untouched %s", a).isEqualTo(a.url());
            }
        }
        assertThat(ports).allSatisfy(port ->
                assertThat(FreePorts.isFree(port)).as("port %d after close", port).isTrue());
    }

    /**
     * Two JVMs can pick the same port; the one whose server then fails to bind must not take the other's server,
     * which answers PING on that port just as well, for its own.
     */
    @Test
    void aServerWhosePortAnotherServerHoldsFailsToStartInsteadOfUsingTheOther(RedisServer foreign) {
        int port = foreign.port();
        Path dir = WorkDirs.newServerDir("redis-collision");
        ServerProcess ours = new ServerProcess("redis", List.of(System.getProperty("nearby.testkit.redisServer",
                "redis-server"), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString()), dir, dir.resolve("redis.log"), dir.resolve("data"),
                ServerProcess.StopSignal.TERM, Duration.ofSeconds(5), env -> { }, List.of());
        ours.start();
        try {
            assertThat(Probes.redisPing(port)).as("the other server answers on the port").isTrue();
            assertThatThrownBy(() -> Readiness.await(ours, Duration.ofSeconds(10), "answers PING on port " + port,
                    () -> Probes.redisPing(port), List.of(port)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited with code")
                    .hasMessageContaining("not held by pid " + ours.pid()).hasMessageContaining("Address already in use");
        } finally {
            ours.close();
        }
        assertThat(Probes.listensOn(foreign.pid(), port)).as("the other server holds it").isTrue();
        assertThat(Probes.listensOn(ProcessHandle.current().pid(), port)).as("this JVM does not").isFalse();
    }

    @Test
    void injectsOneServerPerClass(RedisServer redis) {
        assertThat(redis).as("the class's server, as injected into @BeforeAll").isNotNull().isSameAs(classServer);
        try (Jedis jedis = connect(redis)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
        assertThat(redis.logFile()).exists();
    }

    @Test
    void aSecondMethodGetsTheSameServerStillRunning(RedisServer redis) {
        assertThat(redis).as("the class's server, as injected into @BeforeAll").isNotNull().isSameAs(classServer);
        try (Jedis jedis = connect(redis)) {
            assertThat(jedis.ping()).as("not closed after another method").isEqualTo("PONG");
        }
    }

    private static Jedis connect(RedisServer server) {
        return new Jedis("127.0.0.1", server.port(), 2000);
    }
}
