package io.nearby.friends;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A bounded HikariCP pool handed straight to helidon-dbclient-jdbc ({@code JdbcClientBuilder.connectionPool}), in
 * place of helidon-dbclient-hikari which has no 4.5.0 release. Closing it closes every connection.
 */
final class HikariConnectionPool implements CloseableJdbcConnectionPool {
    /** How long a caller waits for a free connection before the statement fails. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private final HikariDataSource dataSource;
    private final String dbType;

    private HikariConnectionPool(HikariDataSource dataSource, String dbType) {
        this.dataSource = dataSource;
        this.dbType = dbType;
    }

    /** Opens the pool (one connection is made eagerly, so a wrong URL or password fails here). */
    static HikariConnectionPool open(DbSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("nearby-users");
        config.setJdbcUrl(settings.effectiveUrl());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setAutoCommit(true);
        String url = settings.jdbcUrl();
        String type = url.startsWith("jdbc:h2:") ? "h2" : url.startsWith("jdbc:postgresql:") ? "postgresql" : "jdbc";
        return new HikariConnectionPool(new HikariDataSource(config), type);
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DbClientException("no connection to the user DB", e);
        }
    }

    @Override
    public String dbType() {
        return dbType;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
