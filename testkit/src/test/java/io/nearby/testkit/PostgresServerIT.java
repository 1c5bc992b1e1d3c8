package io.nearby.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServers.class)
class PostgresServerIT {

    @Test
    void databasesAreIndependent(PostgresServer.Database injected) throws SQLException {
        PostgresServer.Database other = PostgresServer.shared().newDatabase();
        assertThat(other.name()).isNotEqualTo(injected.name());

        try (Connection c = connect(injected); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE friend (id BIGINT PRIMARY KEY, name TEXT NOT NULL)");
            s.execute("INSERT INTO friend VALUES (1, 'ada'), (2, 'grace')");
            try (ResultSet rows = s.executeQuery("SELECT name FROM friend ORDER BY id")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("ada");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("grace");
            }
        }
        try (Connection c = connect(other); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM friend"))
                    .as("a table of %s seen from %s", injected.name(), other.name())
                    .isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
        }
    }

    @Test
    void eachTestGetsAFreshDatabase(PostgresServer.Database db, PostgresServer server) throws SQLException {
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + db.name());
        try (Connection c = connect(db); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    private static Connection connect(PostgresServer.Database db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
