package io.nearby.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which servers a TLS client trusts: the JDK's default CAs, or exactly the CA certificates of one PEM file (a private
 * CA, e.g. a Kubernetes cluster's, for {@code rediss://}, {@code https://} etcd, Cassandra client encryption). The
 * server's host name is always checked against its certificate ({@link #clientParameters}).
 *
 * <pre>{@code
 * TlsTrust trust = TlsTrust.of(Optional.of(Path.of("/etc/nearby/tls/ca.crt")));
 * SSLSocketFactory sockets = trust.context().getSocketFactory();
 * }</pre>
 *
 * @param caFile the PEM file the certificates were read from; empty: the JDK's default trust store
 * @param context a client {@link SSLContext} trusting them
 */
public record TlsTrust(Optional<Path> caFile, SSLContext context) {

    /** The JDK's default CAs (the public Web PKI). */
    public static TlsTrust systemDefault() {
        try {
            return new TlsTrust(Optional.empty(), SSLContext.getDefault());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
        }
    }

    /** Trust of {@code caFile} if present, else {@link #systemDefault}. */
    public static TlsTrust of(Optional<Path> caFile) {
        return caFile.map(TlsTrust::fromCaFile).orElseGet(TlsTrust::systemDefault);
    }

    /**
     * Trusts exactly the X.509 certificates in {@code caFile} (PEM, one or more {@code BEGIN CERTIFICATE} blocks).
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate, saying which
     */
    public static TlsTrust fromCaFile(Path caFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA file " + caFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA file " + caFile + " is not PEM X.509 certificates: "
                    + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the CA file " + caFile + " holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return new TlsTrust(Optional.of(caFile), context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from " + caFile + ": " + e.getMessage(), e);
        }
    }

    /** Parameters of a client socket: the context's defaults plus host name verification (as HTTPS does it). */
    public SSLParameters clientParameters() {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    @Override
    public String toString() {
        return caFile.map(f -> "CA file " + f).orElse("the JDK's default CAs");
    }
}
