package io.nearby.server.session;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nearby.server.fanout.Fanout;
import io.nearby.server.fanout.Subscriber;

/**
 * The channels one session listens to, kept in step with the server's {@link Fanout} (which reference-counts
 * them across sessions). Used under the session lock.
 */
final class SessionChannels {
    private static final System.Logger LOG = System.getLogger(SessionChannels.class.getName());

    private final Subscriber owner;
    private final Fanout fanout;
    private final Set<String> held = new HashSet<>();

    SessionChannels(Subscriber owner, Fanout fanout) {
        this.owner = owner;
        this.fanout = fanout;
    }

    /** Keeps exactly {@code wanted} among the channels accepted by {@code scope}; others are untouched. */
    CompletableFuture<Void> retain(Set<String> wanted, java.util.function.Predicate<String> scope) {
        Set<String> stale = new HashSet<>();
        for (String c : held) {
            if (scope.test(c) && !wanted.contains(c)) {
                stale.add(c);
            }
        }
        drop(stale);
        return add(wanted);
    }

    CompletableFuture<Void> add(Collection<String> channels) {
        Set<String> fresh = new HashSet<>();
        for (String c : channels) {
            if (held.add(c)) {
                fresh.add(c);
            }
        }
        return fresh.isEmpty() ? CompletableFuture.completedFuture(null) : fanout.add(owner, fresh);
    }

    void drop(Collection<String> channels) {
        Set<String> gone = new HashSet<>();
        for (String c : channels) {
            if (held.remove(c)) {
                gone.add(c);
            }
        }
        if (!gone.isEmpty()) {
            fanout.remove(owner, gone);
        }
    }

    void dropAll() {
        drop(List.copyOf(held));
    }

    /** Waits (bounded) until Redis confirmed the subscriptions; a timeout is logged, not fatal. */
    static void await(CompletableFuture<Void> subscribed) {
        try {
            subscribed.get(SessionServices.SUBSCRIBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "channel subscriptions not confirmed within " + SessionServices.SUBSCRIBE_WAIT + "; going on");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "channel subscription failed: " + e);
        }
    }
}
