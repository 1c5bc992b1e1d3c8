package io.nearby.server.session;

import io.nearby.friends.UserProfile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedProfilesTest {
    @Test
    void equalProfilesAreOneObjectAndAChangedOneReplacesIt() {
        SharedProfiles shared = new SharedProfiles();
        UserProfile first = shared.intern(new UserProfile("bob", "Bob", "", true, false));
        assertThat(shared.intern(new UserProfile("bob", "Bob", "", true, false))).isSameAs(first);
        UserProfile renamed = shared.intern(new UserProfile("bob", "Robert", "", true, false));
        assertThat(renamed).isNotSameAs(first);
        assertThat(shared.intern(new UserProfile("bob", "Robert", "", true, false))).isSameAs(renamed);
        assertThat(shared.size()).isEqualTo(1);
    }
}
