package io.nearby.server.fanout;

import io.nearby.server.location.CachedLocation;
import io.nearby.server.protocol.GoneReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelEventTest {
    @Test
    void roundTrips() {
        for (ChannelEvent e : new ChannelEvent[] {
                new ChannelEvent.Moved("alice", new CachedLocation(48.8566, 2.3522, 1700000000000L, 1700000000012L)),
                new ChannelEvent.Gone("alice", GoneReason.SHARING_OFF),
                new ChannelEvent.FriendAdded("alice", "bob"),
                new ChannelEvent.FriendRemoved("alice", "bob"),
                new ChannelEvent.SharingChanged("alice", false),
                new ChannelEvent.DiscoverableChanged("alice", true),
                new ChannelEvent.SharingPaused("alice", 1700000600000L),
                new ChannelEvent.AlertChanged("alice", 500),
                new ChannelEvent.VisibilityChanged("bob", "alice"),
                new ChannelEvent.StrangerMoved("alice", new CachedLocation(1.5, -2.5, 3, 4), "Al|ice \"the\" great"),
                new ChannelEvent.StrangerMoved("bob", new CachedLocation(1.5, -2.5, 3, 4), "")}) {
            assertThat(ChannelEvent.decode(e.encode())).isEqualTo(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X|a", "L|a", "L|a|1,2,3", "L|a|x,y,1,2", "L|a|91,0,1,2", "G|a|bored", "C|a|F*|b", "C|a|S", "C|a|P|soon", "C|a|A|1.5", "C|a|P", "S|a|1,2,3", "S|a|x|Name"})
    void garbageDecodesToNull(String text) {
        assertThat(ChannelEvent.decode(text)).isNull();
    }
}
