package io.nearby.server.session;

import io.nearby.server.fanout.ChannelEvent;

/** What reaches a session from outside its own client: channel events, resubscriptions, the inactivity tick. */
sealed interface SessionEvent {
    record Channel(String channel, ChannelEvent event) implements SessionEvent {
    }

    record Resubscribed(String channel) implements SessionEvent {
    }

    record Tick() implements SessionEvent {
    }

    Tick TICK = new Tick();
}
