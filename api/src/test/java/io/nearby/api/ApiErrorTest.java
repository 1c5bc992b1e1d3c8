package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void statusesMapToTheCatalogue() {
        assertThat(ApiError.forStatus(503)).isEqualTo(ApiError.UNAVAILABLE);
        assertThat(ApiError.UNAVAILABLE.code()).isEqualTo("unavailable");
        assertThat(ApiError.forStatus(413)).isEqualTo(ApiError.TOO_LARGE);
        assertThat(ApiError.forStatus(405)).isEqualTo(ApiError.BAD_REQUEST);
        assertThat(ApiError.forStatus(502)).isEqualTo(ApiError.INTERNAL);
    }

    @Test
    void everyErrorHasADistinctStatusAndAFixedMessage() {
        for (ApiError error : ApiError.values()) {
            assertThat(ApiError.forStatus(error.status())).isEqualTo(error);
            assertThat(error.defaultMessage()).isNotBlank();
        }
    }

    @Test
    void bodyIsErrorThenMessage() {
        assertThat(new String(ApiError.body("not_found", "no \"such\" user"), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"not_found\",\"message\":\"no \\\"such\\\" user\"}");
        assertThat(new String(ApiError.body("internal", null), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"internal\",\"message\":\"\"}");
    }
}
