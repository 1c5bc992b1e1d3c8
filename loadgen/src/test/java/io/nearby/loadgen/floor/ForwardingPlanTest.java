package io.nearby.loadgen.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardingPlanTest {
    @Test
    void aPlanSurvivesItsFile(@TempDir Path dir) {
        ForwardingPlan plan = ForwardingPlan.of(new int[][] {{1, 2}, {0}, {}, {0, 1, 2}});
        Path file = dir.resolve("plan.txt");

        plan.write(file);
        ForwardingPlan read = ForwardingPlan.read(file);

        assertThat(read).isEqualTo(plan).hasSameHashCodeAs(plan);
        assertThat(read.size()).isEqualTo(4);
        assertThat(read.targetsOf(3)).containsExactly(0, 1, 2);
        assertThat(read.targetsOf(2)).isEmpty();
        assertThat(read.meanTargets()).isEqualTo(1.5);
        assertThat(read).isNotEqualTo(ForwardingPlan.of(new int[][] {{1, 2}, {0}, {}, {0, 2, 1}}));
    }

    @Test
    void badPlansAreRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ForwardingPlan.of(new int[][] {{0}})).hasMessageContaining("bad target 0");
        assertThatThrownBy(() -> ForwardingPlan.of(new int[][] {{1}})).hasMessageContaining("bad target 1");
        assertThatThrownBy(() -> ForwardingPlan.of(new int[][] {{1, 1}, {}})).hasMessageContaining("duplicate");
        Path notAPlan = dir.resolve("x.txt");
        Files.writeString(notAPlan, "hello\n");
        assertThatThrownBy(() -> ForwardingPlan.read(notAPlan)).hasMessageContaining("not a forwarding plan");
        Path short1 = dir.resolve("short.txt");
        Files.writeString(short1, "nearby-floor-plan 1 3\n1\n");
        assertThatThrownBy(() -> ForwardingPlan.read(short1)).hasMessageContaining("3 connections announced");
    }

    @Test
    void thePlanIsACopy() {
        int[][] targets = {{1}, {0}};
        ForwardingPlan plan = ForwardingPlan.of(targets);
        targets[0][0] = 0;

        assertThat(plan.targetsOf(0)).containsExactly(1);
    }
}
