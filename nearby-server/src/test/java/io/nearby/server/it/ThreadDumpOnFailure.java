package io.nearby.server.it;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, writes a dump of every thread of this JVM — virtual threads included, which
 * {@code Thread.getAllStackTraces} leaves out — to {@code target/thread-dumps/<class>.<method>.txt}: the servers under
 * test run in this JVM, so a hang shows where it is.
 */
public final class ThreadDumpOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        try {
            Path dir = Path.of("target", "thread-dumps");
            Files.createDirectories(dir);
            Path file = dir.resolve(context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName()
                    + "-" + System.nanoTime() + ".txt").toAbsolutePath();
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            System.out.println("thread dump of the failed test: " + file);
        } catch (Exception e) {
            System.out.println("no thread dump: " + e);
        }
    }
}
