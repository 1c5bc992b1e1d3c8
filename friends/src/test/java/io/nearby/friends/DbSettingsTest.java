package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DbSettingsTest {

    @Test
    void h2SpeaksThePostgresDialect() {
        assertThat(url(DbSettings.DEFAULT_URL)).isEqualTo(DbSettings.DEFAULT_URL + DbSettings.H2_OPTIONS);
        assertThat(url("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x" + DbSettings.H2_OPTIONS + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void explicitH2OptionsAndOtherDatabasesAreLeftAlone() {
        assertThat(url("jdbc:h2:mem:x;MODE=PostgreSQL;DB_CLOSE_DELAY=5")).isEqualTo("jdbc:h2:mem:x;MODE=PostgreSQL;DB_CLOSE_DELAY=5");
        assertThat(url("jdbc:postgresql://db:5432/nearby")).isEqualTo("jdbc:postgresql://db:5432/nearby");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> DbSettings.of("postgres://x", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DbSettings("jdbc:h2:mem:x", Optional.empty(), Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrongUrlFailsAtOpenAndLeavesNothingOpen() {
        DbSettings unreachable = new DbSettings("jdbc:postgresql://127.0.0.1:1/nope", Optional.of("u"),
                Optional.of("p"), 2);
        assertThatThrownBy(() -> UserDb.open(unreachable, FriendshipEvents.NONE)).isInstanceOf(RuntimeException.class);
    }

    private static String url(String jdbcUrl) {
        return DbSettings.of(jdbcUrl, Optional.empty(), Optional.empty()).effectiveUrl();
    }
}
