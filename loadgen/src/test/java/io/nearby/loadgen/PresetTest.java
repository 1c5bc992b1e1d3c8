package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PresetTest {
    private static BenchOptions parse(String... args) {
        BenchOptions o = new BenchOptions();
        Bench.commandLine(o).parseArgs(Preset.expand(args));
        o.validate();
        return o;
    }

    @Test
    void withoutAPresetTheArgumentsAreUnchanged() {
        String[] args = {"--users", "200"};

        assertThat(Preset.expand(args)).isSameAs(args);
    }

    @Test
    void thePresetsOptionsGoInFrontOfTheCommandLine() {
        assertThat(Preset.expand(new String[] {"--preset", "seed", "--users", "200"})).containsExactly(
                "--users", "1000", "--friends", "80", "--near-friends", "40", "--period", "1.5s", "--preset", "seed", "--users", "200");
        assertThat(Preset.expand(new String[] {"--preset=default"})).containsExactly("--preset=default");
    }

    @Test
    void defaultIsTodaysDefaults() {
        BenchOptions preset = parse("--preset", "default");
        BenchOptions none = parse();

        assertThat(preset.users).isEqualTo(none.users).isEqualTo(1000);
        assertThat(preset.friends).isEqualTo(20);
        assertThat(preset.nearTarget()).isCloseTo(2.0, within(1e-9));
        assertThat(preset.offeredPerSecond()).isCloseTo(500, within(1e-9));
        assertThat(preset.sweep).isFalse();
        assertThat(preset.floor).isTrue();
    }

    @Test
    void seedIsFortyNearAndFortyFarFriendsOnline() {
        BenchOptions o = parse("--preset", "seed");

        assertThat(o.users).isEqualTo(1000);
        assertThat(o.friends).isEqualTo(80);
        assertThat(o.nearTarget()).isEqualTo(40);
        assertThat(o.offeredPerSecond()).isCloseTo(666.7, within(0.1));
        assertThat(o.offeredPerSecond() * o.nearTarget()).isCloseTo(26_667, within(1.0));
        assertThat(SocialGraph.hoodSize(o.nearTarget())).isEqualTo(80);
    }

    @Test
    void explicitOptionsOverrideThePresetWhereverTheyStand() {
        BenchOptions after = parse("--preset", "seed", "--users", "200", "--duration", "10s");
        BenchOptions before = parse("--period", "500ms", "--preset=seed");

        assertThat(after.users).isEqualTo(200);
        assertThat(after.friends).isEqualTo(80);
        assertThat(after.duration).isEqualTo(Duration.ofSeconds(10));
        assertThat(before.period).isEqualTo(Duration.ofMillis(500));
        assertThat(before.users).isEqualTo(1000);
    }

    @Test
    void sweepIsShortStepsOfTheDefaultPopulation() {
        BenchOptions o = parse("--preset", "sweep");

        assertThat(o.sweep).isTrue();
        assertThat(o.users).isEqualTo(1000);
        assertThat(o.offeredPerSecond()).isCloseTo(500, within(1e-9));
        assertThat(o.warmup).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.duration).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.sweepFactor).isEqualTo(1.5);
        assertThat(o.sweepRule()).isEqualTo(new Sweep.Rule(0.999, 50));
        assertThat(parse("--preset", "sweep", "--no-floor").floor).isFalse();
    }

    @Test
    void theCadencePresetIsTheCadenceRunOnAClusteredWorld() {
        BenchOptions o = parse("--preset", "cadence");
        assertThat(o.cadenceRun).isTrue();
        assertThat(o.users).isEqualTo(1000);
        assertThat(o.timeFactor).isEqualTo(10);
        assertThat(o.cities).isEqualTo(10);
        assertThat(o.duration).isEqualTo(Duration.ofSeconds(180));
        assertThat(parse("--preset", "cadence", "--duration", "30s").duration).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> parse("--preset", "cadence", "--time-factor", "7")).hasMessageContaining("--time-factor");
        assertThatThrownBy(() -> parse("--preset", "cadence", "--servers", "2")).hasMessageContaining("--cadence-run");
        assertThatThrownBy(() -> parse("--preset", "cadence", "--same-city-friends", "30")).hasMessageContaining("--same-city-friends");
    }

    @Test
    void anUnknownPresetNamesTheKnownOnes() {
        assertThatThrownBy(() -> Preset.expand(new String[] {"--preset", "huge"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default, seed, sweep, cadence");
        assertThatThrownBy(() -> Preset.expand(new String[] {"--preset"})).hasMessageContaining("needs a name");
    }
}
