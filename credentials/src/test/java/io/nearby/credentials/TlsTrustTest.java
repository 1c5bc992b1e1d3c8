package io.nearby.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CA file side only; TLS connections with it are proven against real servers (RedisTlsIT, EtcdTlsIT). */
class TlsTrustTest {

    private static Path testCa() throws Exception {
        return Path.of(TlsTrustTest.class.getResource("/test-ca.pem").toURI());
    }

    @Test
    void aPemCaFileBecomesAClientContextThatVerifiesHostNames() throws Exception {
        TlsTrust trust = TlsTrust.fromCaFile(testCa());
        assertThat(trust.caFile()).contains(testCa());
        assertThat(trust.context().getSocketFactory()).isNotNull();
        assertThat(trust.clientParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(trust.toString()).contains("test-ca.pem");
    }

    @Test
    void withoutAFileTheJdkDefaultsAreUsed() {
        assertThat(TlsTrust.of(Optional.empty()).caFile()).isEmpty();
        assertThat(TlsTrust.systemDefault().toString()).contains("default");
    }

    @Test
    void aMissingOrInvalidFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("none.pem");
        assertThatThrownBy(() -> TlsTrust.fromCaFile(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        assertThatThrownBy(() -> TlsTrust.fromCaFile(garbage)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("garbage.pem");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> TlsTrust.fromCaFile(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty.pem");
    }
}
