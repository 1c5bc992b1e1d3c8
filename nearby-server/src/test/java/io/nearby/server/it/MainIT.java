package io.nearby.server.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The process entry point: a bad configuration value stops the server with status 2 and names the variable. */
class MainIT {
    private static Process main(String variable, String value) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.nearby.server.Main")
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("NEARBY_"));
        pb.environment().put("NEARBY_DEV_MODE", "true");
        pb.environment().put("NEARBY_HTTP_HOST", "127.0.0.1");
        pb.environment().put(variable, value);
        return pb.start();
    }

    @Test
    void aBadVariableStopsTheServerWithStatus2AndItsName() throws Exception {
        for (String[] bad : new String[][] {{"NEARBY_RADIUS_MILES", "five"}, {"NEARBY_HTTP_PORT", "99999"},
                {"NEARBY_REDIS_URL", "localhost:6379"}, {"NEARBY_DEV_MODE", "perhaps"}}) {
            Process p = main(bad[0], bad[1]);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(bad[0] + " exits").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isEqualTo(2);
            assertThat(output).contains("configuration error", bad[0]);
        }
    }
}
