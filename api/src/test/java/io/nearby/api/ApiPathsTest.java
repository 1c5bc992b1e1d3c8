package io.nearby.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiPathsTest {

    @Test
    void repeatedSlashesCollapse() {
        assertThat(ApiPaths.normalize("//api///users//me")).isEqualTo("/api/users/me");
        assertThat(ApiPaths.normalize("/api/users/me")).isEqualTo("/api/users/me");
        assertThat(ApiPaths.normalize("/")).isEqualTo("/");
        assertThat(ApiPaths.normalize("//")).isEqualTo("/");
    }

    @Test
    void apiIsTheExactPrefixOrBelowIt() {
        assertThat(ApiPaths.isApi("/api")).isTrue();
        assertThat(ApiPaths.isApi("/api/")).isTrue();
        assertThat(ApiPaths.isApi("/api/users/me")).isTrue();
        assertThat(ApiPaths.isApi("/apix")).isFalse();
        assertThat(ApiPaths.isApi("/ap")).isFalse();
        assertThat(ApiPaths.isApi("/health")).isFalse();
        assertThat(ApiPaths.isApi(ApiPaths.normalize("//api//x"))).isTrue();
        assertThat(ApiPaths.isAt("/ws", "/ws")).isTrue();
        assertThat(ApiPaths.isAt("/ws/", "/ws")).isTrue();
        assertThat(ApiPaths.isAt("/wss", "/ws")).isFalse();
    }
}
