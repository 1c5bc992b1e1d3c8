package io.nearby.server.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a session's channel subscriptions: bounded, and a timeout or failure is logged, never fatal. */
final class SessionChannels {
    private static final System.Logger LOG = System.getLogger(SessionChannels.class.getName());

    private SessionChannels() {
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
