package io.nearby.server.fanout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelsTest {
    @Test
    void aUserChannelIsRecognisedOnlyForItsOwnUser() {
        assertThat(Channels.isUserChannelOf(Channels.user("bob"), "bob")).isTrue();
        assertThat(Channels.isUserChannelOf(Channels.user("bob"), "ob")).isFalse();
        assertThat(Channels.isUserChannelOf(Channels.user("xbob"), "bob")).isFalse();
        assertThat(Channels.isUserChannelOf(Channels.control("bob"), "bob")).isFalse();
        assertThat(Channels.isUserChannelOf(Channels.cell("bob"), "bob")).isFalse();
        assertThat(Channels.userOf(Channels.user("bob"))).isEqualTo("bob");
        assertThat(Channels.userOf(Channels.control("bob"))).isNull();
    }
}
