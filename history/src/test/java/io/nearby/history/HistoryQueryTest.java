package io.nearby.history;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryQueryTest {
    private static HistoryQuery parse(String from, String to, String limit) {
        return HistoryQuery.parse(Optional.ofNullable(from), Optional.ofNullable(to), Optional.ofNullable(limit));
    }

    @Test
    void defaultsAreEverythingKeptAndAHundredPoints() {
        assertThat(parse(null, null, null)).isEqualTo(new HistoryQuery(0, Long.MAX_VALUE, 100));
        assertThat(parse("5", "5", "1000")).isEqualTo(new HistoryQuery(5, 5, 1000));
        assertThat(parse(" 7 ", null, "1")).isEqualTo(new HistoryQuery(7, Long.MAX_VALUE, 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abc   |     |      | from must be a whole number of milliseconds since the epoch, got 'abc'",
            "''    |     |      | from must be a whole number",
            "1.5   |     |      | from must be a whole number",
            "-1    |     |      | from must not be negative, got -1",
            "      | x   |      | to must be a whole number",
            "      | -9  |      | to must not be negative",
            "      | 99999999999999999999 | | to must be a whole number",
            "10    | 9   |      | from (10) must not be after to (9)",
            "      |     | 0    | limit must be a whole number from 1 to 1000, got '0'",
            "      |     | -5   | limit must be a whole number from 1 to 1000, got '-5'",
            "      |     | 1001 | limit must be a whole number from 1 to 1000, got '1001'",
            "      |     | 99999999999 | limit must be a whole number from 1 to 1000",
            "      |     | ten  | limit must be a whole number from 1 to 1000, got 'ten'",
    })
    void badParametersAreRefusedWithAMessageNamingThem(String from, String to, String limit, String message) {
        assertThatThrownBy(() -> parse(from, to, limit))
                .isInstanceOf(HistoryQuery.Invalid.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aHugeValueIsShortenedInTheMessage() {
        assertThatThrownBy(() -> parse("x".repeat(10_000), null, null)).hasMessageEndingWith("…'");
    }

    @Test
    void theWindowIsCutToWhatCanBeStored() {
        TimeWindow stored = new TimeWindow(1_000, 2_000);
        assertThat(parse(null, null, null).within(stored)).contains(stored);
        assertThat(parse("1500", "5000", null).within(stored)).contains(new TimeWindow(1_500, 2_000));
        assertThat(parse("3000", null, null).within(stored)).isEmpty();
        assertThat(parse(null, "999", null).within(stored)).isEmpty();
    }
}
