package io.nearby.ring;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers ring snapshots to listeners on one platform daemon thread ({@code nearby-ring-notify}), in order, always
 * ending with the latest; each listener sees a snapshot at most once. See {@link RingSource#addListener}.
 */
final class RingNotifier implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RingNotifier.class.getName());

    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("nearby-ring-notify").factory());
    private volatile RingSnapshot latest;

    private static final class Registration {
        final Consumer<RingSnapshot> listener;
        RingSnapshot delivered; // notifier thread only

        Registration(Consumer<RingSnapshot> listener) {
            this.listener = listener;
        }

        void deliver(RingSnapshot snapshot) {
            if (snapshot == null || snapshot == delivered) {
                return;
            }
            delivered = snapshot;
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "ring listener failed on " + snapshot, e);
            }
        }
    }

    RingNotifier(RingSnapshot initial) {
        this.latest = initial;
    }

    void publish(RingSnapshot snapshot) {
        latest = snapshot;
        submit(() -> {
            RingSnapshot now = latest;
            listeners.forEach(registration -> registration.deliver(now));
        });
    }

    void add(Consumer<RingSnapshot> listener) {
        Registration registration = new Registration(listener);
        submit(() -> {
            listeners.add(registration);
            registration.deliver(latest);
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: nothing more to deliver
        }
    }
}
