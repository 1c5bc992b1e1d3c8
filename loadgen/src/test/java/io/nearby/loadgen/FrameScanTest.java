package io.nearby.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameScanTest {
    @Test
    void readsTheServersFriendLocation() {
        FrameScan f = FrameScan.of("{\"type\":\"friend_location\",\"id\":\"bq1-17\",\"name\":\"User 17\",\"lat\":37.77,"
                + "\"lon\":-122.41,\"distanceMeters\":812.4,\"ts\":1764190000123}");

        assertThat(f).isEqualTo(new FrameScan("friend_location", "bq1-17", 1764190000123L));
    }

    @Test
    void readsTheFloorsForwardedLocationWhateverTheKeyOrder() {
        FrameScan f = FrameScan.of(" { \"ts\" : 42 , \"lat\":1.5,\"lon\":-2e-3, \"type\":\"location\",\"id\":\"b-3\" } ");

        assertThat(f).isEqualTo(new FrameScan("location", "b-3", 42));
    }

    @Test
    void keysInsideStringsOrNestedValuesAreNotTopLevelOnes() {
        FrameScan f = FrameScan.of("{\"type\":\"friend_location\",\"name\":\"say \\\"ts\\\":1, \\\\\",\"extra\":{\"id\":\"x\","
                + "\"ts\":5,\"a\":[1,{\"ts\":6}]},\"id\":\"b-\\u0031\",\"ok\":true,\"none\":null,\"ts\":7}");

        assertThat(f).isEqualTo(new FrameScan("friend_location", "b-1", 7));
    }

    @Test
    void aKeyWithEscapesIsStillRecognised() {
        assertThat(FrameScan.of("{\"t\\u0073\":9,\"typ\\u0065\":\"location\",\"idx\":\"no\",\"i\":1}"))
                .isEqualTo(new FrameScan("location", null, 9));
    }

    @Test
    void unknownTypesAndMissingFieldsAreReadAsSuch() {
        assertThat(FrameScan.of("{\"type\":\"cadence\",\"seconds\":30}")).isEqualTo(new FrameScan("cadence", null, FrameScan.NO_TS));
        assertThat(FrameScan.of("{}")).isEqualTo(new FrameScan(null, null, FrameScan.NO_TS));
    }

    @Test
    void whatItCannotReadIsNull() {
        assertThat(FrameScan.of("")).isNull();
        assertThat(FrameScan.of("[1]")).isNull();
        assertThat(FrameScan.of("{\"type\":\"friend_location\"")).isNull();
        assertThat(FrameScan.of("{\"type\":\"friend_location\",\"ts\":1.5}")).isNull();
        assertThat(FrameScan.of("{\"type\":\"x\"} trailing")).isNull();
        assertThat(FrameScan.of("{\"type\" \"x\"}")).isNull();
    }
}
