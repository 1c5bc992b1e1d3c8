package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static BenchOptions parse(String... args) {
        BenchOptions o = new BenchOptions();
        Bench.commandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void defaultsAreASmallRun() {
        BenchOptions o = parse();
        o.validate();

        assertThat(o.users).isEqualTo(1000);
        assertThat(o.friends).isEqualTo(20);
        assertThat(o.period).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.duration).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.idle()).isEqualTo(1000);
        assertThat(o.offeredPerSecond()).isCloseTo(500, within(1e-9));
        assertThat(o.secret()).hasSize(40);
        assertThat(o.serverJvmArgList()).containsExactly("-XX:+UseZGC", "-Xms256m", "-Xmx2g");
        assertThat(o.floor).isTrue();
        assertThat(o.sweep).isFalse();
        assertThat(o.charts).isTrue();
        assertThat(o.preset).isNull();
        assertThat(o.nearTarget()).isCloseTo(2, within(1e-9));
    }

    @Test
    void nearFriendsOverrideTheFraction() {
        BenchOptions o = parse("--friends", "80", "--near-friends", "40", "--no-floor", "--no-charts");
        o.validate();

        assertThat(o.nearTarget()).isEqualTo(40);
        assertThat(o.floor).isFalse();
        assertThat(o.charts).isFalse();
        assertThatThrownBy(() -> parse("--friends", "10", "--near-friends", "11").validate()).hasMessageContaining("--near-friends");
        assertThatThrownBy(() -> parse("--sweep-factor", "1").validate()).hasMessageContaining("--sweep-factor");
        assertThatThrownBy(() -> parse("--preset", "nope").validate()).hasMessageContaining("unknown --preset");
    }

    @Test
    void optionsOverrideDefaults() {
        BenchOptions o = parse("--users", "5000", "--friends", "40", "--period", "500ms", "--idle-connections", "200",
                "--near-fraction", "0.25", "--duration", "2m");
        o.validate();

        assertThat(o.idle()).isEqualTo(200);
        assertThat(o.offeredPerSecond()).isCloseTo(10_000, within(1e-9));
        assertThat(o.duration).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void badCombinationsNameTheOption() {
        assertThatThrownBy(() -> parse("--users", "10", "--friends", "10").validate()).hasMessageContaining("--friends");
        assertThatThrownBy(() -> parse("--near-fraction", "2").validate()).hasMessageContaining("--near-fraction");
        assertThatThrownBy(() -> parse("--period", "1ms").validate()).hasMessageContaining("--period");
    }

    @Test
    void multiNodeOptions() {
        BenchOptions single = parse();
        single.validate();
        assertThat(single.servers).isEqualTo(1);
        assertThat(single.pubsubNodes).isZero();
        assertThat(single.cache).isEqualTo(BenchOptions.Cache.single);
        assertThat(single.multiNode()).as("the default run is the single-server benchmark").isFalse();

        assertThatThrownBy(() -> parse("--cache", "cluster").validate()).hasMessageContaining("--pubsub-nodes");
        BenchOptions o = parse("--servers", "2", "--pubsub-nodes", "3", "--cache", "cluster");
        o.validate();
        assertThat(o.servers).isEqualTo(2);
        assertThat(o.pubsubNodes).isEqualTo(3);
        assertThat(o.cache).isEqualTo(BenchOptions.Cache.cluster);
        assertThat(o.multiNode()).isTrue();
        assertThat(parse("--cache", "cluster").multiNode()).as("the cache cluster alone is a multi-node world").isTrue();
        assertThat(parse("--pubsub-nodes", "1").multiNode()).isTrue();

        assertThatThrownBy(() -> parse("--servers", "0").validate()).hasMessageContaining("--servers");
        assertThatThrownBy(() -> parse("--servers", "5").validate()).hasMessageContaining("--servers");
        assertThatThrownBy(() -> parse("--pubsub-nodes", "9").validate()).hasMessageContaining("--pubsub-nodes");
        assertThatThrownBy(() -> parse("--servers", "2", "--sweep").validate()).hasMessageContaining("--sweep");
        assertThatThrownBy(() -> parse("--servers", "2", "--history", "cassandra").validate()).hasMessageContaining("--history");
        assertThatThrownBy(() -> parse("--servers", "2", "--server-url", "http://127.0.0.1:8080", "--jwt-secret", "x")
                .validate()).hasMessageContaining("--server-url");
        assertThatThrownBy(() -> parse("--cache", "sharded")).hasMessageContaining("--cache");
    }
}
