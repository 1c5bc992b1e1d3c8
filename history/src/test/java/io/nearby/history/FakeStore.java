package io.nearby.history;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A store for writer tests: works, fails, or hangs (futures completed later by the test) on demand. */
class FakeStore implements HistoryStore {
    enum Mode { WORK, FAIL, HANG }

    volatile Mode mode = Mode.WORK;
    final List<HistoryPoint> stored = new CopyOnWriteArrayList<>();
    /** Hanging writes, taken one by one by {@link #release()}: one added meanwhile is released too, never lost. */
    final Queue<Runnable> hanging = new ConcurrentLinkedQueue<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Written> write(List<HistoryPoint> points) {
        batchSizes.add(points.size());
        return switch (mode) {
            case WORK -> {
                stored.addAll(points);
                yield CompletableFuture.completedFuture(Written.all(points.size()));
            }
            case FAIL -> CompletableFuture.completedFuture(Written.none(points.size(), new IllegalStateException("down")));
            case HANG -> {
                CompletableFuture<Written> f = new CompletableFuture<>();
                hanging.add(() -> {
                    stored.addAll(points);
                    f.complete(Written.all(points.size()));
                });
                yield f;
            }
        };
    }

    /** Completes every hanging write successfully. */
    void release() {
        for (Runnable write = hanging.poll(); write != null; write = hanging.poll()) {
            write.run();
        }
    }

    @Override
    public List<HistoryPoint> query(String userId, TimeWindow window, int limit) {
        return stored.stream().filter(p -> p.userId().equals(userId)).toList();
    }

    @Override
    public void deleteAll(String userId, TimeWindow window) {
        stored.removeIf(p -> p.userId().equals(userId));
    }

    @Override
    public boolean available() {
        return mode == Mode.WORK;
    }

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public void close() {
    }
}
