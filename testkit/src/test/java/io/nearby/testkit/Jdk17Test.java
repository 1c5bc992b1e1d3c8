package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Jdk17Test {
    @TempDir
    Path jvms;

    @Test
    void findsAJdk17UnderTheJvmDirectory() throws IOException {
        fakeJdk("java-21-openjdk-amd64");
        Path java17 = fakeJdk("java-17-openjdk-amd64");
        fakeJdk("java-117-nonsense");

        assertThat(Jdk17.java(null, null, jvms)).isEqualTo(java17);
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironment() throws IOException {
        Path byProperty = fakeJdk("custom-a");
        fakeJdk("custom-b");

        assertThat(Jdk17.java(jvms.resolve("custom-a").toString(), jvms.resolve("custom-b").toString(), jvms))
                .isEqualTo(byProperty);
    }

    @Test
    void saysWhatToDoWhenNoneIsInstalled() {
        assertThatThrownBy(() -> Jdk17.java(null, null, jvms))
                .hasMessageContaining("JDK 17").hasMessageContaining(Jdk17.PROPERTY)
                .hasMessageContaining(Jdk17.ENVIRONMENT);
    }

    @Test
    void rejectsAConfiguredDirectoryWithoutJava() {
        assertThatThrownBy(() -> Jdk17.java(null, jvms.resolve("nowhere").toString(), jvms))
                .hasMessageContaining("nowhere");
    }

    private Path fakeJdk(String name) throws IOException {
        Path java = Files.createDirectories(jvms.resolve(name).resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }
}
