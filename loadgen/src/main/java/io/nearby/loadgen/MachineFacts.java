package io.nearby.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the numbers were measured on. */
record MachineFacts(int cpus, String cpuModel, long memTotalKb, String kernel, String java) {
    static MachineFacts current() {
        String cpu = "?";
        long mem = 0;
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
            mem = ProcStats.statusValue(Files.readString(Path.of("/proc/meminfo")), "MemTotal");
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the unknowns
        }
        String java = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + Runtime.version();
        return new MachineFacts(Runtime.getRuntime().availableProcessors(), cpu, mem, kernel, java);
    }
}
