package io.nearby.ring.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The argument handling of the operator command (the edits: RingEditsTest; against etcd: RingCliIT). */
class RingCliTest {
    @Test
    void usageErrorsExitWith2BeforeTouchingEtcd() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
        assertThat(run(Map.of("NEARBY_ETCD_ENDPOINTS", "http://127.0.0.1:1"), "add")).isEqualTo(2);
        assertThat(run(Map.of("NEARBY_ETCD_ENDPOINTS", "http://127.0.0.1:1"), "replace", "redis://a:1")).isEqualTo(2);
        assertThat(run(Map.of(), "show")).isEqualTo(2);
        assertThat(run(Map.of("NEARBY_ETCD_ENDPOINTS", "ftp://x"), "show")).isEqualTo(2);
        assertThat(run(Map.of(), "help")).isZero();
    }

    private static int run(Map<String, String> env, String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return RingCli.run(args, env, stream, stream);
    }
}
