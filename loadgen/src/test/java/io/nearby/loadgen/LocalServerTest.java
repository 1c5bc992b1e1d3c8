package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LocalServerTest {
    @Test
    void theFloorGetsTheGeneratorsClasspathMadeAbsolute() {
        String cwd = Path.of("").toAbsolutePath().toString();

        assertThat(LocalServer.absoluteClasspath("loadgen/target/loadgen.jar:loadgen/target/libs/*:/opt/x.jar"))
                .isEqualTo(cwd + "/loadgen/target/loadgen.jar:" + cwd + "/loadgen/target/libs/*:/opt/x.jar");
        assertThat(LocalServer.absoluteClasspath("*")).isEqualTo(cwd + "/*");
    }
}
