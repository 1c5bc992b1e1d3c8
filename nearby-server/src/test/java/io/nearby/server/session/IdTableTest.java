package io.nearby.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdTableTest {
    record Item(String id, int value) {
    }

    @Test
    void behavesLikeAMapUnderRandomPutsRemovesAndRetains() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            IdTable<Item> table = new IdTable<>(Item::id);
            Map<String, Item> expected = new HashMap<>();
            int keys = 1 + random.nextInt(300); // few keys: many replaces and removes of present ids
            for (int op = 0; op < 5_000; op++) {
                String id = "u" + random.nextInt(keys);
                switch (random.nextInt(10)) {
                    case 0, 1, 2, 3, 4 -> {
                        Item item = new Item(id, op);
                        table.put(item);
                        expected.put(id, item);
                    }
                    case 5, 6, 7 -> assertThat(table.remove(id)).as("seed %d op %d", seed, op).isEqualTo(expected.remove(id));
                    case 8 -> {
                        int modulus = 2 + random.nextInt(5);
                        table.retainIds(k -> k.hashCode() % modulus != 0);
                        expected.keySet().removeIf(k -> k.hashCode() % modulus == 0);
                    }
                    default -> assertThat(table.get(id)).isEqualTo(expected.get(id));
                }
                assertThat(table.size()).isEqualTo(expected.size());
            }
            Map<String, Item> iterated = new HashMap<>();
            for (int i = 0; i < table.slots(); i++) {
                Item item = table.slot(i);
                if (item != null) {
                    assertThat(iterated.put(item.id(), item)).as("each value in one slot").isNull();
                }
            }
            assertThat(iterated).isEqualTo(expected);
            expected.keySet().forEach(id -> assertThat(table.contains(id)).isTrue());
            assertThat(table.contains("absent")).isFalse();
        }
    }

    @Test
    void idsWithTheSameHashShareARunAndSurviveRemovalsInTheMiddle() {
        // "Aa" and "BB" have the same String hash, as do all their concatenations: one probe run
        String[] colliding = {"AaAa", "AaBB", "BBAa", "BBBB"};
        IdTable<Item> table = new IdTable<>(Item::id);
        for (int i = 0; i < colliding.length; i++) {
            table.put(new Item(colliding[i], i));
        }
        assertThat(table.remove("AaBB")).isEqualTo(new Item("AaBB", 1));
        assertThat(table.get("AaAa")).isEqualTo(new Item("AaAa", 0));
        assertThat(table.get("BBAa")).isEqualTo(new Item("BBAa", 2));
        assertThat(table.get("BBBB")).isEqualTo(new Item("BBBB", 3));
        assertThat(table.get("AaBB")).isNull();
        table.clear();
        assertThat(table.size()).isZero();
        assertThat(table.get("AaAa")).isNull();
    }
}
