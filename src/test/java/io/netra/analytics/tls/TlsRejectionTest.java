package io.netra.analytics.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.SocketException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.Optional;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.junit.jupiter.api.Test;

/** The failures below are shaped as client-v2 0.10.0 and Vert.x 4.5 reported them against real servers. */
class TlsRejectionTest {

    private static <T extends Throwable> T causedBy(T failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
    }

    /** client-v2 wraps every SSLException as "SSL Problem". */
    private static RuntimeException clientV2(Throwable ssl) {
        return new RuntimeException("SSL Problem", ssl);
    }

    @Test
    void anUnknownIssuerIsNotTrusted() {
        Throwable pkix = causedBy(new SSLHandshakeException("PKIX path building failed: unable to find valid certification path to requested target"),
                new java.security.cert.CertPathBuilderException("unable to find valid certification path to requested target"));
        assertEquals(Optional.of(TlsRejection.ISSUER_NOT_TRUSTED), TlsRejection.of(clientV2(pkix)));
    }

    @Test
    void anExpiredCertificateIsExpiredThoughTheHandshakeSaysPkix() {
        CertPathValidatorException validity = new CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: Fri Jan 01 00:00:00 UTC 2021"), null, -1, CertPathValidatorException.BasicReason.EXPIRED);
        Throwable handshake = causedBy(new SSLHandshakeException("PKIX path validation failed: " + validity), validity);
        assertEquals(Optional.of(TlsRejection.EXPIRED), TlsRejection.of(clientV2(handshake)));
        assertEquals(Optional.of(TlsRejection.EXPIRED), TlsRejection.of(new CertPathValidatorException("x", null, null, -1,
                CertPathValidatorException.BasicReason.NOT_YET_VALID)));
    }

    @Test
    void anotherHostsCertificateIsAMismatchFromEitherClient() {
        // Apache HttpClient's own check (client-v2), and the JDK's (Vert.x with the HTTPS algorithm)
        assertEquals(Optional.of(TlsRejection.HOST_NAME_MISMATCH), TlsRejection.of(clientV2(new SSLPeerUnverifiedException(
                "Certificate for <localhost> doesn't match any of the subject alternative names: [wrong.example]"))));
        Throwable jdk = causedBy(new SSLHandshakeException("No subject alternative DNS name matching localhost found."),
                new CertificateException("No subject alternative DNS name matching localhost found."));
        assertEquals(Optional.of(TlsRejection.HOST_NAME_MISMATCH), TlsRejection.of(new RuntimeException("Failed to create SSL connection", jdk)));
    }

    @Test
    void tlsToAPlainTextPortSaysSo() {
        assertEquals(Optional.of(TlsRejection.NOT_TLS), TlsRejection.of(clientV2(new SSLException("Unsupported or unrecognized SSL message"))));
    }

    @Test
    void aServerRefusingTheServicesOwnCertificateSaysSo() {
        assertEquals(Optional.of(TlsRejection.CLIENT_CERTIFICATE_REFUSED), TlsRejection.of(new RuntimeException("Failed to create SSL connection",
                new SSLHandshakeException("Received fatal alert: certificate_required"))));
        assertEquals(Optional.of(TlsRejection.CLIENT_CERTIFICATE_REFUSED), TlsRejection.of(new SSLException("Received fatal alert: unknown_ca")));
    }

    @Test
    void aCauseGivenOnlyAsTextIsStillNamed() {
        // Vert.x's Redis Cluster client keeps the cause's message and drops the exception
        assertEquals(Optional.of(TlsRejection.ISSUER_NOT_TRUSTED), TlsRejection.of(new IllegalStateException(
                "Failed to connect to all nodes of the cluster - rediss://127.0.0.1:27401: Failed to create SSL connection: "
                        + "PKIX path building failed")));
        assertEquals(Optional.of(TlsRejection.HANDSHAKE_FAILED), TlsRejection.of(new SSLHandshakeException("Received fatal alert: protocol_version")));
    }

    @Test
    void aRefusedResetOrClosedConnectionIsNoTlsMatterEvenMidHandshake() {
        assertEquals(Optional.empty(), TlsRejection.of(new ConnectException("Connection refused")));
        assertEquals(Optional.empty(), TlsRejection.of(new RuntimeException("Query request failed", new SocketException("Connection reset"))));
        assertEquals(Optional.empty(), TlsRejection.of(new IllegalStateException((String) null)));
        // a server restarting while the client shakes hands
        assertEquals(Optional.empty(), TlsRejection.of(clientV2(new SSLHandshakeException("Remote host terminated the handshake"))));
        assertEquals(Optional.empty(), TlsRejection.of(clientV2(causedBy(new SSLHandshakeException("handshake failed"), new SocketException("Connection reset")))));
        assertEquals(Optional.empty(), TlsRejection.of(new SSLHandshakeException("handshake timed out after 10000ms")));
        assertEquals(Optional.empty(), TlsRejection.of(new IllegalStateException("Failed to create SSL connection")));
        // ...but a certificate refused is one, whatever the connection did afterwards
        assertEquals(Optional.of(TlsRejection.ISSUER_NOT_TRUSTED), TlsRejection.of(causedBy(new SSLHandshakeException("PKIX path building failed"),
                new SocketException("Connection reset"))));
    }

    @Test
    void reasonsAreWords() {
        assertEquals("its certificate is not issued by a trusted CA", TlsRejection.ISSUER_NOT_TRUSTED.reason());
        assertEquals("TLS refused, its certificate has expired or is not valid yet", TlsRejection.EXPIRED.described());
    }
}
