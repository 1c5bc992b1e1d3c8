package io.nearby.server.session;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PendingEventsTest {
    @Test
    void orderedEventsFirstThenTheLatestPerKeyInTheOrderTheKeysCame() {
        PendingEvents<String> pending = new PendingEvents<>();
        pending.offerLatest("u:bob", "bob@1");
        pending.offerLatest("u:carol", "carol@1");
        pending.offerLatest("u:bob", "bob@2");
        pending.offerOrdered("tick");
        pending.offerLatest("u:bob", "bob@3");
        assertThat(pending.size()).isEqualTo(3);
        List<String> seen = new ArrayList<>();
        for (String e = pending.poll(); e != null; e = pending.poll()) {
            seen.add(e);
        }
        assertThat(seen).containsExactly("tick", "bob@3", "carol@1");
        assertThat(pending.isEmpty()).isTrue();
    }
}
