package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "Bob_42", "x-y-z", "0", "___", "---"})
    void acceptsIdsOfTheAlphabet(String id) {
        assertThat(UserIds.valid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "alice bob", "a/b", "a.b", "ä", "alice\n", "a;b", "%41", "bob@x"})
    void rejectsOtherCharacters(String id) {
        assertThat(UserIds.valid(id)).isFalse();
    }

    @Test
    void lengthIsOneToSixtyFour() {
        assertThat(UserIds.valid("a".repeat(64))).isTrue();
        assertThat(UserIds.valid("a".repeat(65))).isFalse();
        assertThat(UserIds.valid(null)).isFalse();
    }
}
