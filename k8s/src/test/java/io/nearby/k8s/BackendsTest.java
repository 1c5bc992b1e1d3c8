package io.nearby.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.nearby.history.Replication;
import io.nearby.server.config.NearbyConfig;

/** Each backend's own settings agree with what the server is told about it. */
class BackendsTest {
    private static final Pattern KEYSPACE_CQL = Pattern.compile(
            "CREATE KEYSPACE IF NOT EXISTS (\\w+) WITH replication = \\{'class': 'NetworkTopologyStrategy', '(\\w+)': (\\d+)};");

    private final Manifests manifests = Manifests.get();
    private final Container serverContainer = manifests.workload("nearby-server").container("nearby-server");
    private final NearbyConfig server = NearbyConfig.fromEnvironment(ServerEnvironment.of(serverContainer, "nearby-server-abc12"));

    @Test
    void postgresHasTheDatabaseUserAndPasswordTheServerUses() {
        Container pg = manifests.workload("postgres").container("postgres");
        URI db = URI.create(server.backends().dbUrl().substring("jdbc:".length()));
        assertThat(db.getPath()).isEqualTo("/" + Manifests.requiredEnv(pg, "POSTGRES_DB"));
        assertThat(server.backends().dbUser()).contains(Manifests.requiredEnv(pg, "POSTGRES_USER"));
        assertThat(secretRef(pg, "POSTGRES_PASSWORD")).isEqualTo(secretRef(serverContainer, "NEARBY_DB_PASSWORD"));
        assertThat(Manifests.requiredEnv(pg, "PGDATA")).startsWith(pg.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("data")).findFirst().orElseThrow().getMountPath() + "/");
    }

    @Test
    void cassandraIsOneDatacenterOfThreeNodesNamedAsTheServerExpects() {
        Workload cassandra = manifests.workload("cassandra");
        Container c = cassandra.container("cassandra");
        assertThat(Manifests.requiredEnv(c, "CASSANDRA_DC")).isEqualTo(server.backends().cassandraDc());
        assertThat(Manifests.requiredEnv(c, "CASSANDRA_ENDPOINT_SNITCH")).isEqualTo("GossipingPropertyFileSnitch");
        assertThat(Manifests.env(c, "MAX_HEAP_SIZE").isPresent()).as("MAX_HEAP_SIZE and HEAP_NEWSIZE go in pairs")
                .isEqualTo(Manifests.env(c, "HEAP_NEWSIZE").isPresent());
        ClusterDns dns = new ClusterDns(manifests);
        for (String seed : Manifests.requiredEnv(c, "CASSANDRA_SEEDS").split(",")) {
            assertThat(dns.resolve(seed.strip(), 7000).workload()).isEqualTo(cassandra);
        }
        assertThat(manifests.named(StatefulSet.class, "cassandra").getSpec().getPodManagementPolicy())
                .as("nodes join one at a time").isEqualTo("OrderedReady");
        assertThat(manifests.service("cassandra").getSpec().getPublishNotReadyAddresses()).isTrue();
    }

    @Test
    void theKeyspaceJobCreatesTheServersKeyspaceWithRfThreeInItsDatacenter() {
        Container job = manifests.workload("cassandra-keyspace").onlyContainer();
        Matcher m = KEYSPACE_CQL.matcher(Manifests.requiredEnv(job, "CQL"));
        assertThat(m.matches()).as("CQL of cassandra-keyspace: %s", Manifests.requiredEnv(job, "CQL")).isTrue();
        assertThat(m.group(1)).isEqualTo(server.backends().cassandraKeyspace());
        assertThat(m.group(2)).isEqualTo(server.backends().cassandraDc());
        int rf = Integer.parseInt(m.group(3));
        assertThat(rf).isEqualTo(3).isLessThanOrEqualTo(manifests.workload("cassandra").replicas());
    }

    /**
     * The replication the server would create the keyspace with (NEARBY_CASSANDRA_REPLICATION, in the history
     * module's syntax) is the keyspace Job's, and the history module renders it as the same CQL.
     */
    @Test
    void theServersKeyspaceReplicationIsTheKeyspaceJobs() {
        String replication = Manifests.requiredEnv(serverContainer, "NEARBY_CASSANDRA_REPLICATION");
        String cql = Manifests.requiredEnv(manifests.workload("cassandra-keyspace").onlyContainer(), "CQL");
        Matcher m = KEYSPACE_CQL.matcher(cql);
        assertThat(m.matches()).isTrue();
        assertThat(replication).isEqualTo("NetworkTopologyStrategy:" + m.group(2) + "=" + m.group(3));

        String asCql = Replication.parse(replication).toCql();
        assertThat(cql).contains("WITH replication = " + asCql + ";");
    }

    @Test
    void etcdBootstrapsStaticallyFromItsPodNames() {
        Workload etcd = manifests.workload("etcd");
        Container c = etcd.container("etcd");
        Map<String, String> flags = flags(c.getArgs());
        List<String> members = new ArrayList<>();
        for (String pod : etcd.podNames()) {
            members.add(pod + "=http://" + etcd.podDns(pod) + ":2380");
        }
        assertThat(flags.get("--initial-cluster")).isEqualTo(String.join(",", members));
        assertThat(flags.get("--initial-cluster-state")).isEqualTo("new");
        assertThat(flags.get("--name")).isEqualTo("$(POD_NAME)");
        assertThat(flags.get("--initial-advertise-peer-urls")).isEqualTo("http://$(POD_NAME)." + etcd.serviceName() + ".nearby.svc.cluster.local:2380");
        assertThat(flags.get("--advertise-client-urls")).isEqualTo("http://$(POD_NAME)." + etcd.serviceName() + ".nearby.svc.cluster.local:2379");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
        // after $(POD_NAME) expansion, each member advertises the DNS name the others know it by
        for (String pod : etcd.podNames()) {
            Map<String, String> env = ServerEnvironment.of(c, pod);
            String advertised = ServerEnvironment.expand(flags.get("--initial-advertise-peer-urls"), env);
            assertThat(members).contains(pod + "=" + advertised);
        }
        assertThat(flags.get("--data-dir")).startsWith(c.getVolumeMounts().getFirst().getMountPath() + "/");
        assertThat(manifests.named(StatefulSet.class, "etcd").getSpec().getPodManagementPolicy())
                .as("members start together").isEqualTo("Parallel");
        assertThat(manifests.service(etcd.serviceName()).getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(etcd.pod().getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isNotEmpty();
    }

    @Test
    void redisNodesKeepNothingOnDiskAndTheCacheEvictsByTtl() {
        for (String name : List.of("redis-cache", "redis-pubsub")) {
            Map<String, String> flags = pairFlags(manifests.workload(name).container("redis").getArgs());
            assertThat(flags).as(name).containsEntry("--save", "").containsEntry("--appendonly", "no");
        }
        Container cache = manifests.workload("redis-cache").container("redis");
        Map<String, String> flags = pairFlags(cache.getArgs());
        assertThat(flags).containsEntry("--maxmemory-policy", "volatile-ttl");
        long maxmemory = Long.parseLong(flags.get("--maxmemory").replace("mb", "")) * 1024 * 1024;
        long limit = Quantity.getAmountInBytes(cache.getResources().getLimits().get("memory")).longValueExact();
        assertThat(maxmemory).as("maxmemory leaves room below the container limit").isLessThan(limit * 9 / 10);
        assertThat(pairFlags(manifests.workload("redis-pubsub").container("redis").getArgs()).get("--client-output-buffer-limit"))
                .startsWith("pubsub ");
    }

    /**
     * Both Redis workloads require a password, from the Secret key the server is given for them (the kubelet expands
     * {@code $(REDIS_PASSWORD)} in the arguments), and their redis-cli probes authenticate with it.
     */
    @Test
    void redisRequiresThePasswordTheServerIsGiven() {
        Map<String, String> serverVar = Map.of("redis-cache", "NEARBY_REDIS_PASSWORD", "redis-pubsub", "NEARBY_PUBSUB_PASSWORD");
        serverVar.forEach((name, variable) -> {
            Container redis = manifests.workload(name).container("redis");
            assertThat(pairFlags(redis.getArgs())).as(name).containsEntry("--requirepass", "$(REDIS_PASSWORD)");
            SecretKeySelector password = secretRef(redis, "REDIS_PASSWORD");
            assertThat(password).as(name).isEqualTo(secretRef(serverContainer, variable));
            assertThat(password.getOptional()).as(name + ": required").isNotEqualTo(Boolean.TRUE);
            assertThat(secretRef(redis, "REDISCLI_AUTH")).as(name + " probe").isEqualTo(password);
            assertThat(redis.getReadinessProbe().getExec().getCommand()).as(name).startsWith("redis-cli");
            Map<String, String> env = ServerEnvironment.of(redis, name + "-0");
            assertThat(ServerEnvironment.expand("$(REDIS_PASSWORD)", env)).isEqualTo(ServerEnvironment.DUMMY_SECRET);
        });
        assertThat(secretRef(serverContainer, "NEARBY_REDIS_PASSWORD").getKey())
                .as("cache and ring nodes have passwords of their own")
                .isNotEqualTo(secretRef(serverContainer, "NEARBY_PUBSUB_PASSWORD").getKey());
        assertThat(server.backends().cacheSecurity().password()).contains(ServerEnvironment.DUMMY_SECRET);
        assertThat(server.backends().pubsubSecurity().password()).contains(ServerEnvironment.DUMMY_SECRET);
        assertThat(server.auth().adminToken()).as("health details for the operator").isPresent();
    }

    @Test
    void everySecretReferenceNamesAKeyOfTheDocumentedSecret() {
        Secret example = manifests.named(Secret.class, "nearby-secrets");
        for (Workload w : manifests.workloads()) {
            for (Container c : w.allContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
                        assertThat(ref.getName()).as("%s in %s", e.getName(), w).isEqualTo(example.getMetadata().getName());
                        assertThat(example.getStringData()).as("%s in %s", e.getName(), w).containsKey(ref.getKey());
                    }
                }
            }
        }
    }

    @Test
    void headlessServicesOfPubSubNodesPublishOnlyReadyPods() {
        Service s = manifests.service("redis-pubsub");
        assertThat(s.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(s.getSpec().getPublishNotReadyAddresses()).isNotEqualTo(Boolean.TRUE);
    }

    private static SecretKeySelector secretRef(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef();
    }

    /** "--flag=value" arguments. */
    private static Map<String, String> flags(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            out.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        return out;
    }

    /** "--flag", "value" argument pairs (redis-server's command line). */
    private static Map<String, String> pairFlags(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            assertThat(args.get(i)).startsWith("--");
            out.put(args.get(i), args.get(i + 1));
        }
        return out;
    }
}
