package io.nearby.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Placement properties of the consistent-hash ring over 100,000 channel names {@code u:0 ... u:99999}.
 *
 * <p>Tolerances: with v = 160 virtual nodes a node's share of the hash space is the sum of v arcs, so its relative
 * standard deviation is about 1/sqrt(v) = 7.9 %; sampling 100,000 channels adds well under 1 %. A tolerance of ±25 % of
 * the expected value is about 3 sigma. The inputs are fixed, so the tests are deterministic: the tolerance documents
 * the property, it does not absorb flakiness.
 */
class HashRingTest {
    private static final int CHANNELS = 100_000;
    private static final double TOLERANCE = 0.25;

    @Test
    void theSameInputsGiveTheSameOwnersAndTheHashIsPinned() {
        HashRing a = HashRing.of(nodes(3), 160);
        HashRing b = HashRing.of(nodes(3), 160);
        for (int i = 0; i < 10_000; i++) {
            assertThat(a.nodeFor("u:" + i)).isEqualTo(b.nodeFor("u:" + i));
        }
        // Golden values: MurmurHash3 x86_32 seed 0 is a published algorithm; if these change, every deployed
        // server would disagree with an upgraded one about who owns what.
        assertThat(com.google.common.hash.Hashing.murmur3_32_fixed()
                .hashString("hello", java.nio.charset.StandardCharsets.UTF_8).asInt()).isEqualTo(0x248bfa47);
        assertThat(List.of(a.nodeFor("u:alice"), a.nodeFor("u:bob"), a.nodeFor("c:alice"), a.nodeFor("g:9q8yy")))
                .containsExactly("redis://10.0.0.1:6379", "redis://10.0.0.2:6379", "redis://10.0.0.3:6379",
                        "redis://10.0.0.3:6379");
        // a fingerprint of the whole placement: the owners of u:0 ... u:99999
        assertThat(counts(a)).isEqualTo(Map.of("redis://10.0.0.1:6379", 33_952, "redis://10.0.0.2:6379", 34_733,
                "redis://10.0.0.3:6379", 31_315));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 8})
    void everyNodeOwnsAboutOneNthOfTheChannels(int n) {
        HashRing ring = HashRing.of(nodes(n), 160);
        Map<String, Integer> counts = counts(ring);
        double expected = CHANNELS / (double) n;
        assertThat(counts).hasSize(n);
        counts.forEach((node, count) -> assertThat(count / expected).as("share of %s relative to 1/%d", node, n)
                .isCloseTo(1.0, within(TOLERANCE)));
        // the exact arc lengths agree with the sample
        ring.hashSpaceShares().forEach((node, share) ->
                assertThat(share).as("hash space of %s vs sample", node).isCloseTo(counts.get(node) / (double) CHANNELS,
                        within(0.01)));
        assertThat(ring.hashSpaceShares().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 8})
    void addingOneNodeToNMovesAboutOneOverNPlusOneAndOnlyToTheNewNode(int n) {
        List<String> before = nodes(n);
        List<String> after = new ArrayList<>(before);
        String added = "redis://10.0.1.1:6379";
        after.add(added);
        HashRing oldRing = HashRing.of(before, 160);
        HashRing newRing = HashRing.of(after, 160);
        int moved = 0;
        for (int i = 0; i < CHANNELS; i++) {
            String channel = "u:" + i;
            String was = oldRing.nodeFor(channel);
            String is = newRing.nodeFor(channel);
            if (!was.equals(is)) {
                moved++;
                assertThat(is).as("a moved channel goes to the new node").isEqualTo(added);
            }
        }
        double expected = CHANNELS / (double) (n + 1);
        System.out.printf("[measure] add 1 to %d nodes: %.2f%% of 100,000 channels moved (1/(N+1) = %.2f%%)%n", n,
                100.0 * moved / CHANNELS, 100.0 / (n + 1));
        assertThat(moved / expected).isCloseTo(1.0, within(TOLERANCE));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 8})
    void removingANodeMovesOnlyItsChannels(int n) {
        List<String> before = nodes(n);
        String removed = before.get(1);
        List<String> after = before.stream().filter(node -> !node.equals(removed)).toList();
        HashRing oldRing = HashRing.of(before, 160);
        HashRing newRing = HashRing.of(after, 160);
        Map<String, Integer> gained = new HashMap<>();
        for (int i = 0; i < CHANNELS; i++) {
            String channel = "u:" + i;
            String was = oldRing.nodeFor(channel);
            String is = newRing.nodeFor(channel);
            if (was.equals(removed)) {
                gained.merge(is, 1, Integer::sum);
            } else {
                assertThat(is).as("channel %s of a remaining node stays", channel).isEqualTo(was);
            }
        }
        assertThat(gained.keySet()).as("the removed node's channels spread over the others")
                .containsExactlyInAnyOrderElementsOf(after);
    }

    @Test
    void theOrderOfTheNodeListDoesNotMatter() {
        List<String> nodes = nodes(8);
        HashRing sorted = HashRing.of(nodes, 160);
        List<String> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, new Random(42));
        HashRing other = HashRing.of(shuffled, 160);
        assertThat(shuffled).isNotEqualTo(nodes);
        IntStream.range(0, CHANNELS).mapToObj(i -> "u:" + i)
                .forEach(channel -> assertThat(other.nodeFor(channel)).isEqualTo(sorted.nodeFor(channel)));
        assertThat(other.samePlacement(sorted)).isTrue();
    }

    @Test
    void aReplacementThatKeepsTheTokenMovesExactlyTheReplacedNodesChannelsAllToTheNewNode() {
        List<String> urls = nodes(4);
        RingSpec before = RingSpec.of(1, urls, 160);
        String dead = urls.get(2);
        String fresh = "redis://10.0.9.9:6379";
        RingSpec after = new RingSpec(2, before.nodes().stream()
                .map(n -> n.url().equals(dead) ? new RingNode(fresh, n.token()) : n).toList(), 160);
        HashRing oldRing = new HashRing(before);
        HashRing newRing = new HashRing(after);
        for (int i = 0; i < CHANNELS; i++) {
            String channel = "u:" + i;
            String was = oldRing.nodeFor(channel);
            assertThat(newRing.nodeFor(channel)).isEqualTo(was.equals(dead) ? fresh : was);
        }
    }

    @Test
    void oneNodeOwnsEverything() {
        HashRing ring = HashRing.of(List.of("redis://127.0.0.1:6379"), 1);
        assertThat(IntStream.range(0, 1_000).mapToObj(i -> ring.nodeFor("x" + i)).distinct())
                .containsExactly("redis://127.0.0.1:6379");
        assertThat(ring.hashSpaceShares()).containsEntry("redis://127.0.0.1:6379", 1.0);
    }

    static List<String> nodes(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "redis://10.0.0." + i + ":6379").toList();
    }

    private static Map<String, Integer> counts(HashRing ring) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < CHANNELS; i++) {
            counts.merge(ring.nodeFor("u:" + i), 1, Integer::sum);
        }
        return counts;
    }

}
