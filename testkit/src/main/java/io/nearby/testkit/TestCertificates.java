package io.nearby.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and one server certificate it signed, for TLS between the tests and the kit's servers
 * ({@code rediss://}, {@code https://} etcd, Cassandra client encryption). Made once per JVM with {@code openssl} (ECDSA
 * P-256, valid 10 years) in a directory of the work dir. The server certificate names {@code localhost} and
 * {@code 127.0.0.1} (subject alternative names), so clients that check host names accept it on loopback.
 *
 * <pre>{@code
 * TestCertificates tls = TestCertificates.shared();
 * try (RedisServer redis = RedisServer.start(RedisServer.Options.tls(tls))) { ... tls.caFile() ... }
 * }</pre>
 *
 * @param caFile the CA certificate (PEM): what a client trusts
 * @param certFile the server certificate (PEM), signed by the CA
 * @param keyFile the server's private key (PEM, unencrypted)
 * @param keyStore the server certificate and key as a PKCS12 key store (password {@link #KEY_STORE_PASSWORD}), for JVM
 *     servers
 */
public record TestCertificates(Path caFile, Path certFile, Path keyFile, Path keyStore) {
    /** The password of {@link #keyStore}: a test fixture, not a secret. */
    public static final String KEY_STORE_PASSWORD = "testkit-keystore";
    private static TestCertificates shared;

    /** The JVM's certificates, made on first use. */
    public static synchronized TestCertificates shared() {
        if (shared == null) {
            shared = create(WorkDirs.newServerDir("tls"));
        }
        return shared;
    }

    /** Makes a new CA and server certificate in {@code dir}. */
    static TestCertificates create(Path dir) {
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.crt");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.crt");
        Path ext = dir.resolve("server.ext");
        Path p12 = dir.resolve("server.p12");
        try {
            Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ext, e);
        }
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "3650", "-subj", "/CN=nearby testkit CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=localhost");
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "3650", "-extfile", ext.toString());
        openssl(dir, "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-name", "server",
                "-out", p12.toString(), "-passout", "pass:" + KEY_STORE_PASSWORD);
        return new TestCertificates(ca, cert, key, p12);
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("nearby.testkit.openssl", "openssl"));
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + args[0] + " did not finish within 30 s (log " + log + ")");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed with "
                        + process.exitValue() + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (Debian package openssl) in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making test certificates", e);
        }
    }
}
