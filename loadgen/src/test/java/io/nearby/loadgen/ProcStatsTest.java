package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcStatsTest {
    @Test
    void cpuTicksAreUtimePlusStimeEvenWithParenthesesAndSpacesInTheName() {
        String stat = "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 9184 0 0 0 1234 567 0 0 20 0 42 0 "
                + "171538 5000000000 80000 18446744073709551615 1 1 0 0 0 0 0 4096 17102 0 0 0 17 1 0 0 0 0 0";

        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void statusValuesAreRead() {
        String status = "Name:\tjava\nState:\tS (sleeping)\nVmHWM:\t  400000 kB\nVmRSS:\t  312456 kB\nThreads:\t42\n";

        assertThat(ProcStats.statusValue(status, "VmRSS")).isEqualTo(312456);
        assertThat(ProcStats.statusValue(status, "Threads")).isEqualTo(42);
        assertThat(ProcStats.statusValue("process_id:1234\r\nrun_id:abc\r\n", "process_id")).isEqualTo(1234);
    }

    @Test
    void loadAverageIsTheFirstThreeNumbers() {
        assertThat(ProcStats.loadAverage("3.49 6.38 6.88 5/1046 27296\n")).containsExactly(3.49, 6.38, 6.88);
    }

    @Test
    void machineBusyLeavesOutIdleAndIowait() {
        ProcStats.MachineSample a = ProcStats.machine("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3\n");
        ProcStats.MachineSample b = ProcStats.machine("cpu  250 0 150 800 100 0 0 0 0 0\ncpu0 1 2 3\n");

        assertThat(a.busyTicks()).isEqualTo(200);
        assertThat(a.totalTicks()).isEqualTo(1000);
        assertThat(b.busySince(a)).isCloseTo(200.0 / 300, within(1e-9));
    }

    @Test
    void cpuCoresIsCpuSecondsPerWallSecond() {
        var before = new ProcStats.ProcessSample(0, 1_000, 1, 1, 100);
        var after = new ProcStats.ProcessSample(2_000_000_000L, 1_300, 1, 1, 160);

        assertThat(ProcStats.cpuCores(before, after)).isCloseTo(1.5, within(1e-9));
        // 60 of those ticks were the JIT compiler threads'
        assertThat(ProcStats.jitCores(before, after)).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void jitCompilerThreadsAreTheJvmsC1AndC2CompilerThreads() {
        assertThat(ProcStats.jitCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(ProcStats.jitCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(ProcStats.jitCompilerThread("ZWorkerYoung#0")).isFalse();
        assertThat(ProcStats.jitCompilerThread("java")).isFalse();
    }

    @Test
    void thisJvmHasJitCompilerThreadsThatUsedCpu() {
        var self = ProcStats.sample(ProcessHandle.current().pid()).orElseThrow();
        assertThat(self.jitTicks()).isPositive().isLessThanOrEqualTo(self.cpuTicks());
    }
}
