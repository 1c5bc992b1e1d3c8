package io.nearby.friends;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the user DB schema to the newest version with Flyway: the versioned SQL files under
 * {@value #LOCATION} ({@code V1__users_and_friendships.sql}, ...). Safe to run from several servers at once
 * (Flyway locks the history table). Never edit an applied file: add {@code V<n+1>__...sql}.
 */
final class Migrations {
    static final String LOCATION = "classpath:db/migration/friends";

    private Migrations() {
    }

    /** @return the number of migrations applied now (0 when the schema was current) */
    static int migrate(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
