package io.nearby.testkit;

import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects real servers into test constructors, lifecycle and test methods.
 *
 * <ul>
 *   <li>{@link RedisServer}, {@link EtcdServer}: one fresh server per test class, closed after the class. A test that
 *       needs several starts them itself with {@code RedisServer.start()} in try-with-resources.</li>
 *   <li>{@link RedisCluster}: one fresh cluster (3 masters + 3 replicas) per test class, closed after the class.</li>
 *   <li>{@link PostgresServer.Database}: a fresh empty database per test method (per class when injected into
 *       {@code @BeforeAll} or a constructor), on the JVM's shared server.</li>
 *   <li>{@link PostgresServer}, {@link CassandraServer}: the JVM's shared server, stopped at JVM exit. Isolate tests by
 *       keyspace: {@link CassandraServer#newKeyspaceName()}.</li>
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(RealServers.class)
 * class RingIT {
 *     @Test void routes(RedisServer redis, EtcdServer etcd) { ... }
 * }
 * }</pre>
 */
public final class RealServers implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServers.class);
    private static final Set<Class<?>> SUPPORTED = Set.of(RedisServer.class, RedisCluster.class, EtcdServer.class,
            PostgresServer.Database.class, PostgresServer.class, CassandraServer.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SUPPORTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == RedisServer.class) {
            return perClass(context, RedisServer.class, RedisServer::start);
        }
        if (type == RedisCluster.class) {
            return perClass(context, RedisCluster.class, RedisCluster::start);
        }
        if (type == EtcdServer.class) {
            return perClass(context, EtcdServer.class, EtcdServer::start);
        }
        if (type == PostgresServer.Database.class) {
            return context.getStore(NAMESPACE).getOrComputeIfAbsent(PostgresServer.Database.class,
                    key -> PostgresServer.shared().newDatabase(), PostgresServer.Database.class);
        }
        if (type == PostgresServer.class) {
            return PostgresServer.shared();
        }
        return CassandraServer.shared();
    }

    private static <T extends AutoCloseable> T perClass(ExtensionContext context, Class<T> type,
            java.util.function.Supplier<T> start) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Closing closing = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(type, key -> new Closing(start.get()), Closing.class);
        return type.cast(closing.server());
    }

    /** Closes a per-class server when JUnit closes the class's store (after {@code @AfterAll}). */
    private record Closing(AutoCloseable server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
