package io.nearby.friends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh database per test, opened as a {@link UserDb} that records its events; subclasses pick the DB and state
 * the behaviour, so that the same tests run on H2 and PostgreSQL.
 */
abstract class DbFixture {
    final RecordingEvents events = new RecordingEvents();
    final MutableClock clock = new MutableClock();
    DbSettings settings;
    UserDb db;
    UserDirectory users;
    FriendGraph friends;

    /** A fresh, empty database. */
    abstract DbSettings newDatabase();

    @BeforeEach
    void open() {
        settings = newDatabase();
        db = UserDb.open(settings, events, clock);
        users = db.users();
        friends = db.friends();
    }

    @AfterEach
    void close() {
        db.close();
    }

    void profiles(String... ids) {
        for (String id : ids) {
            users.upsertProfile(id, "Name of " + id, "");
        }
    }

    void befriend(String a, String b) {
        friends.add(a, b);
        assertThat(friends.add(b, a)).isEqualTo(FriendshipStatus.FRIENDS);
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs {@code count} tasks released together by a barrier, each on its own virtual thread. */
    static <T> List<T> runConcurrently(int count, Task<T> task) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(count);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    barrier.await();
                    return task.run(index);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
