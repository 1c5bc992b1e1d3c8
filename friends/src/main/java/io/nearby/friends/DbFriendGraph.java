package io.nearby.friends;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@link FriendGraph} on the {@code friend_adds} table (one row per "from added to").
 *
 * <p>Concurrency: {@link #add} and {@link #remove} first lock both users' rows ({@code SELECT ... FOR UPDATE}, lower
 * id first, so two transactions never wait on each other in a cycle). Every change to one pair is therefore
 * serialized: when two users add each other at the same time, the second transaction sees the first one's edge,
 * both end as FRIENDS, and {@code friendshipStarted} fires exactly once, by the call that inserted the second edge.
 * Likewise {@code friendshipEnded} fires exactly once per ended friendship. Events fire after the commit.
 */
final class DbFriendGraph implements FriendGraph {
    /** Both index-only scans (PK and the incoming index); fast even before the planner has statistics. */
    private static final String MUTUAL_FRIENDS = """
            SELECT to_id AS id FROM friend_adds WHERE from_id = ?
            INTERSECT
            SELECT from_id AS id FROM friend_adds WHERE to_id = ?""";
    private static final String LISTS = """
            SELECT 'F' AS kind, u.id, u.name, u.avatar_url, u.sharing, u.discoverable, u.sharing_until, u.alert_meters,
                   a.hidden
            FROM friend_adds a
            JOIN friend_adds b ON b.from_id = a.to_id AND b.to_id = a.from_id
            JOIN users u ON u.id = a.to_id
            WHERE a.from_id = ?
            UNION ALL
            SELECT 'O' AS kind, a.to_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM friend_adds a
            WHERE a.from_id = ?
              AND NOT EXISTS (SELECT 1 FROM friend_adds r WHERE r.from_id = a.to_id AND r.to_id = a.from_id)
            UNION ALL
            SELECT 'I' AS kind, a.from_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM friend_adds a
            WHERE a.to_id = ?
              AND NOT EXISTS (SELECT 1 FROM friend_adds r WHERE r.from_id = a.to_id AND r.to_id = a.from_id)""";

    private final DbClient db;
    private final SafeEvents events;
    private final Clock clock;

    DbFriendGraph(DbClient db, SafeEvents events, Clock clock) {
        this.db = db;
        this.events = events;
        this.clock = clock;
    }

    private record Added(FriendshipStatus status, boolean started) {
    }

    @Override
    public FriendshipStatus add(String from, String to) {
        Added added = Transactions.inTransaction(db, tx -> {
            Set<String> existing = lockUsers(tx, from, to);
            if (!existing.contains(from)) {
                throw new FriendshipException(FriendshipException.Reason.UNKNOWN_USER,
                        "create your profile first (PUT /api/users/me)");
            }
            if (!existing.contains(to)) {
                throw new FriendshipException(FriendshipException.Reason.UNKNOWN_USER, "unknown user '" + to + "'");
            }
            boolean inserted = tx.dml("INSERT INTO friend_adds (from_id, to_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    from, to) > 0;
            boolean reverse = tx.get("SELECT 1 AS one FROM friend_adds WHERE from_id = ? AND to_id = ?", to, from)
                    .isPresent();
            return new Added(reverse ? FriendshipStatus.FRIENDS : FriendshipStatus.PENDING, inserted && reverse);
        });
        if (added.started()) {
            events.friendshipStarted(from, to);
        }
        return added.status();
    }

    @Override
    public boolean remove(String a, String b) {
        if (a.equals(b)) {
            return false;
        }
        boolean ended = Transactions.inTransaction(db, tx -> {
            lockUsers(tx, a, b);
            return tx.dml("DELETE FROM friend_adds WHERE (from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)",
                    a, b, b, a) == 2;
        });
        if (ended) {
            events.friendshipEnded(a, b);
        }
        return ended;
    }

    @Override
    public Set<String> friendsOf(String userId) {
        try (Stream<DbRow> rows = db.execute().query(MUTUAL_FRIENDS, userId, userId)) {
            Set<String> friends = new HashSet<>();
            rows.forEach(row -> friends.add(row.column("id").get(String.class)));
            return friends;
        }
    }

    @Override
    public boolean areFriends(String a, String b) {
        return !a.equals(b) && db.execute().get("""
                SELECT COUNT(*) AS edges FROM friend_adds
                WHERE (from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)""", a, b, b, a)
                .map(row -> row.column("edges").get(Long.class))
                .orElse(0L) == 2;
    }

    /** One query; every list sorted by id in Java (String order), identical on H2 and PostgreSQL collations. */
    @Override
    public FriendLists lists(String userId) {
        List<UserProfile> friends = new ArrayList<>();
        List<String> incoming = new ArrayList<>();
        List<String> outgoing = new ArrayList<>();
        Set<String> hidden = new HashSet<>();
        long now = clock.millis();
        try (Stream<DbRow> rows = db.execute().query(LISTS, userId, userId, userId)) {
            rows.forEach(row -> {
                switch (row.column("kind").get(String.class)) {
                    case "F" -> {
                        UserProfile friend = DbUserDirectory.profile(row).at(now);
                        friends.add(friend);
                        if (row.column("hidden").get(Boolean.class)) {
                            hidden.add(friend.id());
                        }
                    }
                    case "O" -> outgoing.add(row.column("id").get(String.class));
                    default -> incoming.add(row.column("id").get(String.class));
                }
            });
        }
        friends.sort(Comparator.comparing(UserProfile::id));
        incoming.sort(Comparator.naturalOrder());
        outgoing.sort(Comparator.naturalOrder());
        return new FriendLists(List.copyOf(friends), List.copyOf(incoming), List.copyOf(outgoing), Set.copyOf(hidden));
    }

    /**
     * Locks both users' rows like {@link #add} and {@link #remove}, so a choice never lands on a friendship that is
     * ending: only the owner's own edge is written, and only while the reverse edge exists.
     */
    @Override
    public boolean setVisible(String owner, String viewer, boolean visible) {
        if (owner.equals(viewer)) {
            return false;
        }
        Boolean changed = Transactions.inTransaction(db, tx -> {
            lockUsers(tx, owner, viewer);
            Optional<Boolean> hidden = tx.get("SELECT hidden FROM friend_adds WHERE from_id = ? AND to_id = ?", owner, viewer)
                    .map(row -> row.column("hidden").get(Boolean.class));
            boolean reverse = tx.get("SELECT 1 AS one FROM friend_adds WHERE from_id = ? AND to_id = ?", viewer, owner)
                    .isPresent();
            if (hidden.isEmpty() || !reverse) {
                return null;
            }
            if (hidden.get() == visible) {
                tx.dml("UPDATE friend_adds SET hidden = ? WHERE from_id = ? AND to_id = ?", !visible, owner, viewer);
                return true;
            }
            return false;
        });
        if (changed == null) {
            return false;
        }
        if (changed) {
            events.visibilityChanged(owner, viewer);
        }
        return true;
    }

    @Override
    public boolean hides(String owner, String viewer) {
        return db.execute().get("SELECT hidden FROM friend_adds WHERE from_id = ? AND to_id = ?", owner, viewer)
                .map(row -> row.column("hidden").get(Boolean.class))
                .orElse(false);
    }

    @Override
    public Set<String> hiddenFrom(String viewer) {
        try (Stream<DbRow> rows = db.execute().query(
                "SELECT from_id AS id FROM friend_adds WHERE to_id = ? AND hidden", viewer)) {
            Set<String> ids = new HashSet<>();
            rows.forEach(row -> ids.add(row.column("id").get(String.class)));
            return ids;
        }
    }

    /** Locks the users' rows, lower id first. @return the ids that exist */
    private static Set<String> lockUsers(DbTransaction tx, String a, String b) {
        Set<String> existing = new HashSet<>(2);
        for (String id : a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a)) {
            tx.get("SELECT id FROM users WHERE id = ? FOR UPDATE", id).ifPresent(row -> existing.add(id));
        }
        return existing;
    }
}
