package io.nearby.server.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTest {
    @Test
    void readyUnlessDrainingOrACriticalCheckIsDown() {
        Health health = new Health();
        assertThat(health.report().ready()).isTrue();

        health.add(HealthCheck.of("history", false, () -> HealthCheck.Result.down("cassandra unreachable")));
        assertThat(health.report().ready()).as("non-critical check down").isTrue();

        boolean[] redisUp = {true};
        health.add(HealthCheck.of("redis", true, () -> redisUp[0] ? HealthCheck.Result.up("ok") : HealthCheck.Result.down("gone")));
        assertThat(health.report().ready()).isTrue();
        redisUp[0] = false;
        assertThat(health.report().ready()).isFalse();
        assertThat(health.report().checks().get("redis").detail()).isEqualTo("gone");

        redisUp[0] = true;
        health.startDraining();
        assertThat(health.report().ready()).isFalse();
        assertThat(health.report().draining()).isTrue();
    }

    @Test
    void aThrowingProbeIsDownNotAnError() {
        Health health = new Health();
        health.add(HealthCheck.of("boom", true, () -> {
            throw new IllegalStateException("no connection");
        }));
        assertThat(health.report().checks().get("boom").detail()).contains("no connection");
        assertThat(health.report().ready()).isFalse();
    }
}
