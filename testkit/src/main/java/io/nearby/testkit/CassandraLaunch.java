package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the kit runs one Cassandra 5.0 node: the minimal {@code cassandra.yaml} and logback config it writes into the
 * node's directory, and the JDK 17 command line for {@code CassandraDaemon} from the jars of {@code cassandra-dist}.
 *
 * <p>Tuned for a test on a small shared machine, not for production: 1 token, small thread pools, no auto-snapshot,
 * 8 MiB commit log segments, no fsync ({@code cassandra.skip_sync}: data still survives SIGKILL of the process, not a
 * machine crash), C1-only JIT and serial GC (faster start, ~0.45 GB RSS), JMX off (nothing else then listens, so two
 * test JVMs never collide), short ring delay and no gossip settle wait (CQL ready in seconds).
 *
 * @param ports native (CQL), storage and ssl storage ports on 127.0.0.1
 */
record CassandraLaunch(Path java, Path lib, Path dir, Ports ports) {
    static final String LIB_PROPERTY = "nearby.testkit.cassandraLib";

    /** The node's ports on 127.0.0.1. */
    record Ports(int cql, int storage, int sslStorage) {
        static Ports free() {
            return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next());
        }

        List<Integer> all() {
            return List.of(cql, storage, sslStorage);
        }
    }

    /** Add-exports and add-opens of Cassandra 5.0's conf/jvm17-server.options. */
    static final List<String> JPMS_FLAGS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    /** The jar folder from {@code -Dnearby.testkit.cassandraLib}, checked. */
    static Path configuredLib() {
        String configured = System.getProperty(LIB_PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("-D" + LIB_PROPERTY + " is not set: it names the Cassandra jar folder"
                    + " (testkit/cassandra-dist/target/lib, made by `mvn -pl testkit/cassandra-dist package`;"
                    + " failsafe sets the property)");
        }
        Path lib = Path.of(configured);
        if (!Files.isRegularFile(jamm(lib))) {
            throw new IllegalStateException("no Cassandra jars in " + lib
                    + ": run `mvn -pl testkit/cassandra-dist package` first");
        }
        return lib;
    }

    Path data() {
        return dir.resolve("data");
    }

    Path log() {
        return dir.resolve("cassandra.log");
    }

    /** Writes cassandra.yaml and logback.xml into the node's directory and creates its temp dir. */
    void writeConfig() {
        try {
            Files.createDirectories(data().resolve("tmp"));
            Files.writeString(dir.resolve("cassandra.yaml"), yaml());
            Files.writeString(dir.resolve("logback.xml"), logback());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Cassandra config in " + dir, e);
        }
    }

    String yaml() {
        Path data = data();
        return String.join("\n",
                "cluster_name: nearby-testkit",
                "num_tokens: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "data_file_directories: [" + data.resolve("data") + "]",
                "commitlog_directory: " + data.resolve("commitlog"),
                "saved_caches_directory: " + data.resolve("saved_caches"),
                "hints_directory: " + data.resolve("hints"),
                "cdc_raw_directory: " + data.resolve("cdc_raw"),
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "commitlog_segment_size: 8MiB",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:" + ports.storage() + "\"",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: " + ports.storage(),
                "ssl_storage_port: " + ports.sslStorage(),
                "native_transport_port: " + ports.cql(),
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "auto_snapshot: false",
                "concurrent_reads: 4",
                "concurrent_writes: 4",
                "concurrent_counter_writes: 4",
                "concurrent_materialized_view_writes: 2",
                "concurrent_compactors: 1",
                "memtable_flush_writers: 1",
                "native_transport_max_threads: 32",
                "");
    }

    static String logback() {
        return """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.cassandra.db.memtable" level="WARN"/>
                  <logger name="org.apache.cassandra.db.ColumnFamilyStore" level="WARN"/>
                  <logger name="org.apache.cassandra.db.lifecycle" level="WARN"/>
                  <logger name="org.apache.cassandra.io.sstable" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
    }

    /** The full command line: JDK 17, memory and JIT flags, JPMS flags, jamm agent, system properties, classpath. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of("-Xms128m", "-Xmx512m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError", "-XX:MaxDirectMemorySize=256m"));
        command.addAll(JPMS_FLAGS);
        command.add("-javaagent:" + jamm(lib));
        command.addAll(List.of(
                "-Djdk.attach.allowAttachSelf=true",
                "-Dcassandra-foreground=true",
                "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
                "-Dcassandra.storagedir=" + data(),
                "-Dcassandra.logdir=" + dir,
                "-Dcassandra.ring_delay_ms=1000",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.shutdown_announce_in_ms=0",
                "-Dcassandra.skip_sync=true",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-Dio.netty.tryReflectionSetAccessible=true",
                "-Djava.io.tmpdir=" + data().resolve("tmp")));
        command.addAll(List.of("-cp", lib + "/*", "org.apache.cassandra.service.CassandraDaemon"));
        return command;
    }

    private static Path jamm(Path lib) {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(jar -> jar.getFileName().toString().matches("jamm-[0-9.]+\\.jar"))
                    .findFirst().orElse(lib.resolve("jamm.jar"));
        } catch (IOException e) {
            return lib.resolve("jamm.jar");
        }
    }
}
