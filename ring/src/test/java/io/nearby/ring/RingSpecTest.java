package io.nearby.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RingSpecTest {

    @Test
    void parsesTheDocumentedFormat() {
        RingSpec spec = RingSpec.parse("""
                {"version":3,"nodes":["redis://10.0.0.1:6379","redis://10.0.0.2:6380"],"vnodes":100}""");
        assertThat(spec.version()).isEqualTo(3);
        assertThat(spec.urls()).containsExactly("redis://10.0.0.1:6379", "redis://10.0.0.2:6380");
        assertThat(spec.vnodes()).isEqualTo(100);
        assertThat(spec.nodes()).allMatch(RingNode::ownPositions);
    }

    @Test
    void vnodesDefaultsTo160AndUrlsAreCanonical() {
        RingSpec spec = RingSpec.parse("{\"version\":1,\"nodes\":[\" REDIS://Cache-A.example \"]}");
        assertThat(spec.vnodes()).isEqualTo(160);
        assertThat(spec.urls()).containsExactly("redis://cache-a.example:6379");
    }

    @Test
    void aReplacementNodeCarriesTheTokenOfTheNodeItReplacedAndRoundTrips() {
        String json = "{\"version\":4,\"nodes\":[{\"url\":\"redis://10.0.0.9:6379\",\"token\":\"redis://10.0.0.1:6379\"},"
                + "\"redis://10.0.0.2:6379\"],\"vnodes\":160}";
        RingSpec spec = RingSpec.parse(json);
        assertThat(spec.nodes().getFirst()).isEqualTo(new RingNode("redis://10.0.0.9:6379", "redis://10.0.0.1:6379"));
        assertThat(spec.toJson()).isEqualTo(json);
        assertThat(RingSpec.parse(spec.toJson())).isEqualTo(spec);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                         | {nodes:                                                         | ring value is not JSON
            an array                         | ["redis://a:1"]                                                 | must be a JSON object
            trailing garbage                 | {"version":1,"nodes":["redis://a:1"]} x                         | not JSON
            duplicate JSON key               | {"version":1,"version":2,"nodes":["redis://a:1"]}               | not JSON
            unknown field                    | {"version":1,"nodes":["redis://a:1"],"extra":1}                 | unknown field 'extra'
            no version                       | {"nodes":["redis://a:1"]}                                       | version must be an integer
            version as string                | {"version":"1","nodes":["redis://a:1"]}                         | version must be an integer
            fractional version               | {"version":1.5,"nodes":["redis://a:1"]}                         | version must be an integer
            version 0                        | {"version":0,"nodes":["redis://a:1"]}                           | version must be >= 1
            no nodes                         | {"version":1}                                                   | nodes must be an array
            nodes not a list                 | {"version":1,"nodes":"redis://a:1"}                             | nodes must be an array
            empty node list                  | {"version":1,"nodes":[]}                                        | at least one
            a number as node                 | {"version":1,"nodes":[6379]}                                    | nodes[0]: expected
            wrong scheme                     | {"version":1,"nodes":["http://a:1"]}                            | nodes[0]: node URL 'http://a:1' must start with redis://
            no host                          | {"version":1,"nodes":["redis://:6379"]}                         | nodes[0]: node URL 'redis://:6379' has no valid host
            bad port                         | {"version":1,"nodes":["redis://a:70000"]}                       | outside 1..65535
            credentials                      | {"version":1,"nodes":["redis://u:pw@a:1"]}                      | must not carry credentials
            a path                           | {"version":1,"nodes":["redis://a:1/0"]}                         | no path
            duplicate node                   | {"version":1,"nodes":["redis://a:6379","redis://A"]}            | nodes[1]: duplicate node redis://a:6379
            duplicate token                  | {"version":1,"nodes":["redis://a:1",{"url":"redis://b:1","token":"redis://a:1"}]} | nodes[1]: token 'redis://a:1' is already used
            node object without token        | {"version":1,"nodes":[{"url":"redis://b:1"}]}                   | nodes[0]: a node object needs
            vnodes 0                         | {"version":1,"nodes":["redis://a:1"],"vnodes":0}                | vnodes must be in 1..4096
            vnodes as text                   | {"version":1,"nodes":["redis://a:1"],"vnodes":"160"}            | vnodes must be an integer
            """)
    void rejectsWithAMessageNamingTheProblem(String name, String json, String message) {
        assertThatThrownBy(() -> RingSpec.parse(json)).isInstanceOf(RingSpecException.class).hasMessageContaining(message);
    }

    @Test
    void rejectsAnEmptyValue() {
        assertThatThrownBy(() -> RingSpec.parse(new byte[0])).isInstanceOf(RingSpecException.class)
                .hasMessage("ring value is empty");
    }

    @Test
    void thePlacementIgnoresVersionAndOrder() {
        RingSpec a = RingSpec.of(1, List.of("redis://a:1", "redis://b:1"), 160);
        RingSpec b = RingSpec.of(7, List.of("redis://b:1", "redis://a:1"), 160);
        assertThat(a.samePlacement(b)).isTrue();
        assertThat(a.samePlacement(RingSpec.of(1, List.of("redis://a:1", "redis://b:1"), 100))).isFalse();
    }

    @Test
    void lenientVersionReadsWhatItCanOfAnInvalidValue() {
        assertThat(RingSpec.lenientVersion("{\"version\":9,\"nodes\":[]}".getBytes())).isEqualTo(9);
        assertThat(RingSpec.lenientVersion("garbage".getBytes())).isZero();
    }
}
