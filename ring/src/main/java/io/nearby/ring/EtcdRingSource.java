package io.nearby.ring;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.nearby.ring.RingStore.EtcdUnavailableException;
import io.nearby.ring.RingStore.Read;
import io.nearby.ring.RingTracker.Decision;
import io.nearby.ring.pubsub.Backoff;
import io.nearby.ring.pubsub.Failures;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The ring from one JSON value in etcd ({@link RingSpec}), loaded at start and watched.
 *
 * <p><b>Start.</b> {@link #start} reads the key, retrying for {@code startTimeout}; a server cannot route without a
 * ring, so if etcd stays unreachable, or the stored value is invalid, start fails with a message saying what to do.
 * If the key is absent and a bootstrap ring is given (the server's {@code NEARBY_PUBSUB_NODES}), it is written with a
 * put-if-absent transaction (the first server wins, the others read its value); without one, start fails and names
 * {@code ./nearby ring add}.
 *
 * <p><b>Running.</b> The key is watched from the read's revision + 1, so no change falls between the read and the
 * watch. A value is applied only if its mod revision is newer than every one considered before ({@link RingTracker});
 * an invalid value or a deleted key is logged at ERROR, counted, and the ring in use stays. After a watch error,
 * compaction or cancellation the watcher is closed, and the key is re-read and watched again from the read's revision
 * (after a short backoff: 200 ms doubling to 5 s). Independently the key is re-read every {@code pollInterval}: an
 * unreachable etcd shows in {@link #status()} (within about a second when the watch stream breaks, else at the next
 * poll), and anything a broken watch missed is applied. While etcd is unreachable the poll is the only retry, and the
 * server keeps routing with its last ring; it never stops being ready for that.
 *
 * <p><b>Reconnecting.</b> gRPC backs off its reconnect attempts to up to two minutes during a long outage; so after
 * two failed reads in a row the source replaces its etcd client with a fresh one, which connects at the next attempt:
 * a server notices that etcd is back within about {@code pollInterval}.
 *
 * <p><b>Threads.</b> jetcd calls the watch listener on its event-loop threads: the listener only hands the response to
 * this source's own worker thread ({@code nearby-ring-etcd}), which does every read, decision and re-watch (blocking
 * is fine there, bounded by {@code requestTimeout}). Listeners are called on a third thread
 * ({@code nearby-ring-notify}), so a listener moving subscriptions never delays the watch.
 */
public final class EtcdRingSource implements RingSource {
    private static final System.Logger LOG = System.getLogger(EtcdRingSource.class.getName());

    private final EtcdSettings settings;
    private final ByteSequence key;
    private final String name;
    private final RingTracker tracker;
    private final RingNotifier notifier;
    private final ScheduledExecutorService worker;
    private final AtomicLong watchRestarts = new AtomicLong();

    // worker thread only (client also read by close)
    private final Backoff backoff;
    private volatile Client client;
    private RingStore store;
    private Watch.Watcher watcher;
    private long generation;
    private boolean resyncScheduled;
    private boolean keyMissing;

    private volatile boolean reachable = true;
    private volatile String lastError = "";
    private volatile Instant lastContact;
    private volatile boolean closed;

    private EtcdRingSource(EtcdSettings settings, Client client, RingStore store, RingSnapshot initial) {
        this.settings = settings;
        this.client = client;
        this.store = store;
        this.key = ByteSequence.from(settings.key(), StandardCharsets.UTF_8);
        this.name = "etcd " + String.join(",", settings.endpoints()) + " " + settings.key();
        this.tracker = new RingTracker(initial);
        this.notifier = new RingNotifier(initial);
        // used on the worker thread: its own generator (ThreadLocalRandom.current() belongs to the thread calling start)
        this.backoff = new Backoff(settings.retryStart(), settings.retryCap(), new SplittableRandom());
        this.worker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("nearby-ring-etcd").factory());
        this.lastContact = Instant.now();
    }

    /**
     * Loads the ring (seeding it from {@code bootstrap} if the key is absent), then watches it.
     *
     * @throws IllegalStateException if etcd does not answer within {@code startTimeout}, or the key is absent and no
     *     bootstrap is given
     * @throws StoredRingInvalidException if the stored value is invalid
     */
    public static EtcdRingSource start(EtcdSettings settings, Optional<RingSpec> bootstrap) {
        Client client = settings.newClient();
        try {
            RingStore store = new RingStore(client, settings.key(), settings.requestTimeout());
            Read read = readAtStart(store, settings);
            if (read.absent()) {
                if (bootstrap.isEmpty()) {
                    throw new IllegalStateException("no Pub/Sub ring under key " + settings.key() + " in etcd "
                            + settings.endpoints() + ": create it with `./nearby ring add redis://HOST:PORT` (or set"
                            + " NEARBY_PUBSUB_NODES so that the first server seeds it)");
                }
                Read created = store.createIfAbsent(bootstrap.get());
                LOG.log(Level.INFO, () -> "ring key " + settings.key() + " was absent; now holds " + created.text()
                        + " (mod revision " + created.modRevision() + ")");
                read = created;
            }
            RingSpec spec = store.parse(read);
            EtcdRingSource source = new EtcdRingSource(settings, client, store,
                    new RingSnapshot(new HashRing(spec), read.modRevision()));
            long from = read.revision() + 1;
            source.onWorker(() -> {
                source.watchFrom(from);
                source.worker.scheduleWithFixedDelay(source::poll, settings.pollInterval().toMillis(),
                        settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            });
            LOG.log(Level.INFO, () -> "Pub/Sub ring v" + spec.version() + " (mod revision " + source.current().revision()
                    + ") loaded from " + source.name + ": " + spec.urls());
            return source;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public RingSnapshot current() {
        return tracker.current();
    }

    @Override
    public void addListener(Consumer<RingSnapshot> listener) {
        notifier.add(listener);
    }

    @Override
    public RingStatus status() {
        RingSnapshot current = tracker.current();
        return new RingStatus(name, reachable, lastError, lastContact, current.version(), current.revision(),
                current.ring().nodes().size(), tracker.applied(), tracker.rejected(), watchRestarts.get());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(settings.requestTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Watch.Watcher last = watcher;
        if (last != null) {
            last.close();
        }
        notifier.close();
        client.close();
    }

    /** Test hook: as if jetcd reported {@code error} on the current watch (e.g. a {@link CompactedException}). */
    void simulateWatchError(Throwable error) {
        onWorker(() -> onWatchError(generation, error));
    }

    // ---- worker thread ----

    private void watchFrom(long revision) {
        long mine = ++generation;
        WatchOption option = WatchOption.builder().withRevision(revision).build();
        // these callbacks run on jetcd's event loop: hand off, never block there
        Watch.Listener listener = Watch.listener(
                response -> onWorker(() -> onWatchEvents(mine, response)),
                error -> onWorker(() -> onWatchError(mine, error)),
                () -> onWorker(() -> onWatchError(mine, new IllegalStateException("watch cancelled"))));
        watcher = client.getWatchClient().watch(key, option, listener);
        LOG.log(Level.DEBUG, () -> "watching " + settings.key() + " from revision " + revision);
    }

    private void onWatchEvents(long watchGeneration, WatchResponse response) {
        if (watchGeneration != generation || closed) {
            return;
        }
        contact();
        for (WatchEvent event : response.getEvents()) {
            long modRevision = event.getKeyValue().getModRevision();
            switch (event.getEventType()) {
                case PUT -> {
                    keyMissing = false;
                    decide(tracker.offer(modRevision, event.getKeyValue().getValue().getBytes()), modRevision, "watch");
                }
                case DELETE -> {
                    if (!keyMissing) {
                        keyMissing = true;
                        decide(tracker.deleted(modRevision), modRevision, "watch");
                    }
                }
                default -> LOG.log(Level.DEBUG, () -> "ignored watch event " + event.getEventType());
            }
        }
    }

    private void onWatchError(long watchGeneration, Throwable error) {
        if (watchGeneration != generation || closed) {
            return; // a watcher we already replaced (its close also reports completion)
        }
        stopWatch();
        if (error instanceof CompactedException compacted) {
            LOG.log(Level.INFO, () -> "ring watch fell behind compaction (compacted at revision "
                    + compacted.getCompactedRevision() + "): re-reading " + settings.key());
        } else {
            lastError = "watch: " + Failures.describe(error);
            LOG.log(reachable ? Level.WARNING : Level.DEBUG, () -> "ring watch on " + settings.key() + " failed ("
                    + Failures.describe(error) + "): re-reading and watching again");
        }
        scheduleResync(backoff.next());
    }

    private void poll() {
        resync();
    }

    /** Reads the key, applies it, and re-creates the watch if there is none. */
    private void resync() {
        resyncScheduled = false;
        if (closed) {
            return;
        }
        Read read;
        try {
            read = store.read();
        } catch (EtcdUnavailableException e) {
            if (closed) {
                return; // close() interrupted the read: not an outage
            }
            if (reachable) {
                LOG.log(Level.WARNING, () -> "etcd " + settings.endpoints() + " unreachable (" + e.getMessage()
                        + "); serving the cached " + tracker.current());
            } else {
                renewClient();
            }
            reachable = false;
            lastError = e.getMessage();
            return; // the next poll tries again (every pollInterval while etcd is down)
        }
        if (!reachable) {
            LOG.log(Level.INFO, () -> "etcd " + settings.endpoints() + " reachable again");
            stopWatch(); // whatever jetcd kept of the old watch through the outage: start afresh from this read
        }
        contact();
        if (read.absent()) {
            if (!keyMissing) {
                keyMissing = true;
                decide(tracker.deleted(read.revision()), read.revision(), "read");
            }
        } else {
            keyMissing = false;
            decide(tracker.offer(read.modRevision(), read.value()), read.modRevision(), "read");
        }
        if (watcher == null) {
            watchFrom(read.revision() + 1);
            watchRestarts.incrementAndGet();
            backoff.reset();
        }
    }

    private void decide(Decision decision, long revision, String via) {
        switch (decision.outcome()) {
            case APPLIED -> {
                RingSnapshot now = decision.snapshot();
                LOG.log(Level.INFO, () -> "Pub/Sub ring changed (" + via + "): " + decision.previous() + " -> " + now
                        + (decision.placementChanged() ? ": " + now.ring().nodes() : ", same placement"));
                notifier.publish(now);
            }
            case REJECTED -> {
                lastError = "rejected ring value at revision " + revision + ": " + decision.reason();
                LOG.log(Level.ERROR, () -> "rejected the ring value under " + settings.key() + " at mod revision "
                        + revision + " (" + decision.reason() + "); still using " + decision.snapshot());
            }
            case STALE -> {
                // already considered: a late re-read or a replayed event
            }
        }
    }

    /** A fresh client: gRPC's reconnect backoff of the old one may have grown to minutes. */
    private void renewClient() {
        stopWatch();
        Client old = client;
        client = settings.newClient();
        store = new RingStore(client, settings.key(), settings.requestTimeout());
        try {
            old.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "closing the previous etcd client: " + e);
        }
    }

    private void stopWatch() {
        generation++;
        Watch.Watcher old = watcher;
        watcher = null;
        if (old != null) {
            old.close(); // otherwise jetcd may resume it by itself: two watchers
        }
    }

    private void scheduleResync(Duration delay) {
        if (resyncScheduled || closed) {
            return;
        }
        resyncScheduled = true;
        try {
            worker.schedule(this::resync, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void contact() {
        reachable = true;
        lastContact = Instant.now();
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RejectedExecutionException e) {
                    // closed while the task ran (e.g. right after start): nothing left to schedule
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "ring source task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** etcd answered, but does not let this client in: missing or wrong credentials, or a role without the key. */
    private static boolean refusedAccess(EtcdUnavailableException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            io.grpc.Status.Code code = io.grpc.Status.fromThrowable(t).getCode();
            String description = String.valueOf(io.grpc.Status.fromThrowable(t).getDescription());
            if (code == io.grpc.Status.Code.UNAUTHENTICATED || code == io.grpc.Status.Code.PERMISSION_DENIED
                    || code == io.grpc.Status.Code.INVALID_ARGUMENT && description.contains("user name is empty")) {
                return true;
            }
        }
        return false;
    }

    private static Read readAtStart(RingStore store, EtcdSettings settings) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        Backoff retry = new Backoff(settings.retryStart(), settings.retryCap(), ThreadLocalRandom.current());
        while (true) {
            try {
                return store.read();
            } catch (EtcdUnavailableException e) {
                if (refusedAccess(e)) {
                    // no retry makes wrong credentials right: say so at once
                    throw new IllegalStateException("etcd " + settings.endpoints() + " refused access to the ring under "
                            + settings.key() + " (" + e.getMessage() + "): check NEARBY_ETCD_USER and"
                            + " NEARBY_ETCD_PASSWORD (" + settings.access() + ") and that the user's role may read,"
                            + " write and watch the key", e);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("etcd " + settings.endpoints() + " did not answer within "
                            + settings.startTimeout().toSeconds() + " s (" + e.getMessage() + "); the Pub/Sub ring"
                            + " under " + settings.key() + " is needed to start", e);
                }
                LOG.log(Level.WARNING, () -> "reading the ring from etcd failed (" + e.getMessage() + "); retrying");
                try {
                    Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left), retry.next().toMillis()));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the ring", interrupted);
                }
            }
        }
    }
}
