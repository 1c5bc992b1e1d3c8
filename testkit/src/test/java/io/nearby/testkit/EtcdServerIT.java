package io.nearby.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServers.class)
class EtcdServerIT {
    private static final ByteSequence KEY = ByteSequence.from("/nearby/testkit/key", UTF_8);

    @Test
    void keepsDataAcrossKillAndRestart(EtcdServer etcd) throws Exception {
        assertThat(etcd.endpoint()).isEqualTo("http://127.0.0.1:" + etcd.clientPort());
        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            client.getKVClient().put(KEY, ByteSequence.from("before-kill", UTF_8)).get(10, TimeUnit.SECONDS);
            assertThat(value(client)).isEqualTo("before-kill");
        }

        etcd.kill();
        etcd.restart();

        try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
            assertThat(value(client)).as("after kill and restart; log %s", etcd.logFile()).isEqualTo("before-kill");
        }
    }

    @Test
    void closeFreesTheClientPort() {
        int port;
        try (EtcdServer etcd = EtcdServer.start()) {
            port = etcd.clientPort();
            assertThat(FreePorts.isFree(port)).isFalse();
        }
        assertThat(FreePorts.isFree(port)).isTrue();
    }

    private static String value(Client client) throws Exception {
        GetResponse response = client.getKVClient().get(KEY).get(10, TimeUnit.SECONDS);
        return response.getKvs().isEmpty() ? null : response.getKvs().getFirst().getValue().toString(UTF_8);
    }
}
