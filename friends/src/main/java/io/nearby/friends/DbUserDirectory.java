package io.nearby.friends;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Clock;
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
 * {@code sharingChanged}/{@code sharingPaused}/{@code discoverableChanged} exactly once per actual change, after the
 * commit. Profiles are returned as they stand at the read ({@link UserProfile#at}): a timed pause that has run out
 * reads as sharing on without any write.
 */
final class DbUserDirectory implements UserDirectory {
    private static final String PROFILE_COLUMNS = "id, name, avatar_url, sharing, discoverable, sharing_until, alert_meters";
    /** Ids per IN list of {@link #findAll}; larger requests take one query per chunk. */
    static final int IN_CHUNK = 500;
    private static final String SELECT_PROFILE = "SELECT " + PROFILE_COLUMNS + " FROM users WHERE id = ?";

    private final DbClient db;
    private final SafeEvents events;
    private final Clock clock;

    DbUserDirectory(DbClient db, SafeEvents events, Clock clock) {
        this.db = db;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Optional<UserProfile> find(String userId) {
        return db.execute().get(SELECT_PROFILE, userId).map(this::profileNow);
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
                rows.map(this::profileNow).forEach(p -> found.put(p.id(), p));
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
            return tx.get(SELECT_PROFILE, userId).map(this::profileNow).orElseThrow();
        });
    }

    @Override
    public Optional<UserProfile> setSharing(String userId, boolean enabled) {
        return setSharingState(userId, enabled, null);
    }

    @Override
    public Optional<UserProfile> pauseSharing(String userId, long untilMillis) {
        return setSharingState(userId, false, untilMillis);
    }

    /**
     * Sharing on, off, or off until {@code until}. The change that counts is the one of the state as it stands now
     * (a pause that ran out is "on"), so the events say what live sessions must do; the row is written whenever it
     * differs from what is stored (e.g. clearing a pause that ran out, which fires nothing).
     */
    private Optional<UserProfile> setSharingState(String userId, boolean enabled, Long until) {
        long now = clock.millis();
        FlagChange result = Transactions.inTransaction(db, tx -> {
            Optional<UserProfile> current = tx.get(SELECT_PROFILE + " FOR UPDATE", userId).map(DbUserDirectory::profile);
            if (current.isEmpty()) {
                return new FlagChange(Optional.empty(), false);
            }
            UserProfile stored = current.get();
            UserProfile before = stored.at(now);
            boolean changed = before.sharing() != enabled || !Objects.equals(before.sharingUntil(), until);
            if (stored.sharing() != enabled || !Objects.equals(stored.sharingUntil(), until)) {
                if (until == null) {
                    tx.dml("UPDATE users SET sharing = ?, sharing_until = NULL, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
                            enabled, userId);
                } else {
                    tx.dml("UPDATE users SET sharing = ?, sharing_until = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
                            enabled, until, userId);
                }
            }
            return new FlagChange(tx.get(SELECT_PROFILE, userId).map(this::profileNow), changed);
        });
        if (result.changed()) {
            if (until != null) {
                events.sharingPaused(userId, until);
            } else {
                events.sharingChanged(userId, enabled);
            }
        }
        return result.profile();
    }

    @Override
    public Optional<UserProfile> setAlertMeters(String userId, int meters) {
        FlagChange result = Transactions.inTransaction(db, tx -> {
            Optional<Integer> current = tx.get("SELECT alert_meters FROM users WHERE id = ? FOR UPDATE", userId)
                    .map(row -> ((Number) row.column("alert_meters").get()).intValue());
            if (current.isEmpty()) {
                return new FlagChange(Optional.empty(), false);
            }
            boolean changed = current.get() != meters;
            if (changed) {
                tx.dml("UPDATE users SET alert_meters = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?", meters, userId);
            }
            return new FlagChange(tx.get(SELECT_PROFILE, userId).map(this::profileNow), changed);
        });
        if (result.changed()) {
            events.alertChanged(userId, meters);
        }
        return result.profile();
    }

    @Override
    public Optional<UserProfile> setDiscoverable(String userId, boolean enabled) {
        return setDiscoverableFlag(userId, enabled);
    }

    private record FlagChange(Optional<UserProfile> profile, boolean changed) {
    }

    private Optional<UserProfile> setDiscoverableFlag(String userId, boolean enabled) {
        String column = "discoverable";
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
            return new FlagChange(tx.get(SELECT_PROFILE, userId).map(this::profileNow), changed);
        });
        if (result.changed()) {
            events.discoverableChanged(userId, enabled);
        }
        return result.profile();
    }

    private static long update(DbTransaction tx, String userId, String name, String avatarUrl) {
        return tx.dml("UPDATE users SET name = ?, avatar_url = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
                name, avatarUrl, userId);
    }

    private UserProfile profileNow(DbRow row) {
        return profile(row).at(clock.millis());
    }

    /**
     * Maps a row with the columns {@code id, name, avatar_url, sharing, discoverable, sharing_until, alert_meters}
     * (lower-case names) as stored.
     */
    static UserProfile profile(DbRow row) {
        Long until = row.column("sharing_until").asOptional().map(v -> ((Number) v).longValue()).orElse(null);
        return new UserProfile(
                row.column("id").get(String.class),
                row.column("name").get(String.class),
                row.column("avatar_url").get(String.class),
                row.column("sharing").get(Boolean.class),
                row.column("discoverable").get(Boolean.class),
                until,
                ((Number) row.column("alert_meters").get()).intValue());
    }
}
