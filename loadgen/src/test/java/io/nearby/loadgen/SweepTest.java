package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class SweepTest {
    private static final Sweep.Rule RULE = new Sweep.Rule(0.999, 50);

    @Test
    void ratesGrowGeometricallyFromTheOfferedRate() {
        assertThat(Sweep.rate(500, 1.5, 0)).isEqualTo(500);
        assertThat(Sweep.rate(500, 1.5, 1)).isEqualTo(750);
        assertThat(Sweep.rate(500, 1.5, 4)).isCloseTo(2531.25, within(1e-9));
        assertThat(Sweep.period(1000, 500)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Sweep.period(1000, 750)).isEqualTo(Duration.ofNanos(1_333_333_333));
    }

    @Test
    void aStepPassesWithEnoughDeliveriesAndALowP99() {
        var exact = new LoadCounters.Exact(5_000, 10_000, 9_990);

        assertThat(RULE.judge(500, 499, exact, 49.9)).isEqualTo(Sweep.Verdict.PASS);
    }

    @Test
    void aStepFailsOnMissingDeliveriesOnTheTailOrOnAGeneratorThatFellBehindAndSaysWhy() {
        var missing = RULE.judge(500, 500, new LoadCounters.Exact(5_000, 10_000, 9_989), 10);
        var slow = RULE.judge(500, 500, new LoadCounters.Exact(5_000, 10_000, 10_000), 50);
        var behind = RULE.judge(1000, 900, new LoadCounters.Exact(9_000, 18_000, 18_000), 5);
        var nothing = RULE.judge(500, 500, new LoadCounters.Exact(5_000, 10_000, 0), Double.NaN);

        assertThat(missing.passed()).isFalse();
        assertThat(missing.reason()).isEqualTo("99.89% of expected deliveries arrived (< 99.90%)");
        assertThat(slow.reason()).isEqualTo("p99 50.0 ms (≥ 50.0 ms)");
        assertThat(behind.reason()).startsWith("clients sent only 90.0% of the offered rate");
        assertThat(nothing.reason()).contains("0.00% of expected").contains("p99 n/a ms");
    }

    @Test
    void withNothingExpectedOnlyTheRateCounts() {
        assertThat(RULE.judge(500, 500, new LoadCounters.Exact(5_000, 0, 0), Double.NaN).passed()).isTrue();
    }

    @Test
    void aHopelessStepIsCutShortOnlyAfterAFewSecondsFarBelowTheThreshold() {
        var bad = new LoadCounters.Exact(3_000, 6_000, 3_000);
        var inFlight = new LoadCounters.Exact(3_000, 6_000, 5_990);

        assertThat(Sweep.hopeless(1, bad)).isFalse();
        assertThat(Sweep.hopeless(3, bad)).isTrue();
        assertThat(Sweep.hopeless(9, inFlight)).isFalse();
        assertThat(Sweep.hopeless(9, new LoadCounters.Exact(3_000, 0, 0))).isFalse();
        assertThat(Sweep.Verdict.aborted(3.2, bad).reason()).isEqualTo("cut short after 3 s: 50.00% of expected deliveries had arrived");
    }

    @Test
    void theSweepStopsAtTheFirstFailureOrAfterTheLastStep() {
        assertThat(Sweep.continueAfter(0, 12, Sweep.Verdict.PASS)).isTrue();
        assertThat(Sweep.continueAfter(3, 12, new Sweep.Verdict(false, "p99"))).isFalse();
        assertThat(Sweep.continueAfter(11, 12, Sweep.Verdict.PASS)).isFalse();
    }

    @Test
    void theResultIsTheHighestPassingRate() {
        BenchResult.Phase any = new BenchResult.Phase(null, null);
        var steps = List.of(
                new BenchResult.SweepStep(0, 500, Duration.ofSeconds(2), any, Sweep.Verdict.PASS, null, null),
                new BenchResult.SweepStep(1, 750, Duration.ofSeconds(1), any, Sweep.Verdict.PASS, null, null),
                new BenchResult.SweepStep(2, 1125, Duration.ofSeconds(1), any, new Sweep.Verdict(false, "x"), null, null));

        assertThat(Sweep.highestPassing(steps)).isEqualTo(750);
        assertThat(Sweep.highestPassing(steps.subList(2, 3))).isNaN();
    }
}
