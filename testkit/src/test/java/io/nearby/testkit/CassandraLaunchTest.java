package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraLaunchTest {
    private final CassandraLaunch launch = new CassandraLaunch(Path.of("/jdk17/bin/java"), Path.of("/lib"),
            Path.of("/work/cassandra-1"), new CassandraLaunch.Ports(19042, 17000, 17001));

    @Test
    void yamlUsesTheNodesPortsAndDirectories() {
        String yaml = launch.yaml();

        assertThat(yaml).contains("native_transport_port: 19042", "storage_port: 17000", "ssl_storage_port: 17001",
                "seeds: \"127.0.0.1:17000\"", "listen_address: 127.0.0.1", "rpc_address: 127.0.0.1",
                "commitlog_directory: /work/cassandra-1/data/commitlog", "endpoint_snitch: SimpleSnitch");
    }

    @Test
    void commandRunsTheDaemonOnTheGivenJdkWithCassandrasJvmFlags() {
        List<String> command = launch.command();

        assertThat(command.getFirst()).isEqualTo("/jdk17/bin/java");
        assertThat(command.getLast()).isEqualTo("org.apache.cassandra.service.CassandraDaemon");
        assertThat(command).containsSubsequence("-cp", "/lib/*")
                .contains("-Xmx512m", "-Dcassandra.ring_delay_ms=1000", "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                        "-Djdk.attach.allowAttachSelf=true",
                        "-Dcassandra.config=file:///work/cassandra-1/cassandra.yaml")
                .containsSubsequence("--add-opens", "java.base/java.lang=ALL-UNNAMED")
                .anyMatch(arg -> arg.startsWith("-javaagent:/lib/jamm"));
    }

    @Test
    void leavesJmxOffSoNoFixedPortIsOpened() {
        assertThat(launch.command())
                .noneMatch(arg -> arg.startsWith("-Dcassandra.jmx"))
                .noneMatch(arg -> arg.startsWith("-Dcom.sun.management.jmxremote"));
    }

    @Test
    void logsToTheConsoleWhichTheKitWritesToTheNodesLog() {
        assertThat(CassandraLaunch.logback()).contains("ConsoleAppender", "<root level=\"INFO\">");
    }
}
