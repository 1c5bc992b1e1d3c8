package io.nearby.friends;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link UserDirectory} on the user DB. Flag changes lock the user's row, so concurrent toggles fire
 * {@code sharingChanged}/{@code discoverableChanged} exactly once per actual change, after the commit.
 */
final class DbUserDirectory implements UserDirectory {
    private static final String PROFILE_COLUMNS = "id, name, avatar_url, sharing, discoverable";
    /** Ids per IN list of {@link #findAll}; larger requests take one query per chunk. */
    static final int IN_CHUNK = 500;
    private static final String SELECT_PROFILE = "SELECT " + PROFILE_COLUMNS + " FROM users WHERE id = ?";

    private final DbClient db;
    private final SafeEvents events;

    DbUserDirectory(DbClient db, SafeEvents events) {
        this.db = db;
        this.events = events;
    }

    @Override
    public Optional<UserProfile> find(String userId) {
        return db.execute().get(SELECT_PROFILE, userId).map(DbUserDirectory::profile);
    }

    @Override
    public Map<String, UserProfile> findAll(Collection<String> userIds) {
        List<String> ids = userIds.stream().filter(Objects::nonNull).distinct().toList();
        Map<String, UserProfile> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String marks = chunk.stream().map(id -> "?").collect(Collectors.joining(", "));
            try (Stream<DbRow> rows = db.execute().createQuery(
                    "SELECT " + PROFILE_COLUMNS + " FROM users WHERE id IN (" + marks + ")").params(chunk).execute()) {
                rows.map(DbUserDirectory::profile).forEach(p -> found.put(p.id(), p));
            }
        }
        return found;
    }

    @Override
    public UserProfile upsertProfile(String userId, String name, String avatarUrl) {
        return Transactions.inTransaction(db, tx -> {
            if (update(tx, userId, name, avatarUrl) == 0
                    && tx.dml("INSERT INTO users (id, name, avatar_url) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                            userId, name, avatarUrl) == 0) {
                update(tx, userId, name, avatarUrl); // created concurrently in the meantime
            }
            return tx.get(SELECT_PROFILE, userId).map(DbUserDirectory::profile).orElseThrow();
        });
    }

    @Override
    public Optional<UserProfile> setSharing(String userId, boolean enabled) {
        return setFlag(Flag.SHARING, userId, enabled);
    }

    @Override
    public Optional<UserProfile> setDiscoverable(String userId, boolean enabled) {
        return setFlag(Flag.DISCOVERABLE, userId, enabled);
    }

    private enum Flag { SHARING, DISCOVERABLE }

    private record FlagChange(Optional<UserProfile> profile, boolean changed) {
    }

    private Optional<UserProfile> setFlag(Flag flag, String userId, boolean enabled) {
        String column = flag == Flag.SHARING ? "sharing" : "discoverable";
        FlagChange result = Transactions.inTransaction(db, tx -> {
            Optional<Boolean> current = tx.get("SELECT " + column + " FROM users WHERE id = ? FOR UPDATE", userId)
                    .map(row -> row.column(column).get(Boolean.class));
            if (current.isEmpty()) {
                return new FlagChange(Optional.empty(), false);
            }
            boolean changed = current.get() != enabled;
            if (changed) {
                tx.dml("UPDATE users SET " + column + " = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
                        enabled, userId);
            }
            return new FlagChange(tx.get(SELECT_PROFILE, userId).map(DbUserDirectory::profile), changed);
        });
        if (result.changed()) {
            if (flag == Flag.SHARING) {
                events.sharingChanged(userId, enabled);
            } else {
                events.discoverableChanged(userId, enabled);
            }
        }
        return result.profile();
    }

    private static long update(DbTransaction tx, String userId, String name, String avatarUrl) {
        return tx.dml("UPDATE users SET name = ?, avatar_url = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
                name, avatarUrl, userId);
    }

    /** Maps a row with the columns {@code id, name, avatar_url, sharing, discoverable} (lower-case names). */
    static UserProfile profile(DbRow row) {
        return new UserProfile(
                row.column("id").get(String.class),
                row.column("name").get(String.class),
                row.column("avatar_url").get(String.class),
                row.column("sharing").get(Boolean.class),
                row.column("discoverable").get(Boolean.class));
    }
}
