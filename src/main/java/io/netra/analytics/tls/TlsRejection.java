package io.netra.analytics.tls;

import java.io.EOFException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Why a store's TLS handshake failed, in words an operator acts on: the clients report each of these as an
 * opaque "SSL Problem" or "Failed to create SSL connection", sometimes with the cause as text only.
 */
public enum TlsRejection {
    ISSUER_NOT_TRUSTED("its certificate is not issued by a trusted CA"),
    EXPIRED("its certificate has expired or is not valid yet"),
    HOST_NAME_MISMATCH("its certificate is not issued for the host name the service connects to"),
    NOT_TLS("it does not speak TLS on that port (a plain-text port, or http:// where https:// is meant)"),
    CLIENT_CERTIFICATE_REFUSED("it wants a client certificate it trusts, and the service sent none or another"),
    HANDSHAKE_FAILED("the TLS handshake failed");

    private final String reason;

    TlsRejection(String reason) {
        this.reason = reason;
    }

    /** What went wrong with the server, in words: "its certificate has expired or is not valid yet". */
    public String reason() {
        return reason;
    }

    /** As logged and kept as the state's detail: "TLS refused, " and the reason. */
    public String described() {
        return "TLS refused, " + reason;
    }

    /**
     * The TLS rejection somewhere in a failure's causes, if it is one. A connection refused, reset or closed, even in
     * the middle of a handshake (a server restarting), is not: it is an outage like any other, worth retrying.
     */
    public static Optional<TlsRejection> of(Throwable failure) {
        TlsRejection found = null;
        boolean connectionLost = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            connectionLost |= isConnectionLost(cause);
            TlsRejection here = ofOne(cause);
            // a specific reason wins over a generic handshake failure wrapped around it or below it
            if (here != null && (found == null || found == HANDSHAKE_FAILED)) {
                found = here;
            }
        }
        return found == HANDSHAKE_FAILED && connectionLost ? Optional.empty() : Optional.ofNullable(found);
    }

    private static boolean isConnectionLost(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        return cause instanceof SocketException || cause instanceof EOFException || cause instanceof ClosedChannelException
                || message.contains("connection reset") || message.contains("broken pipe") || message.contains("terminated the handshake")
                || message.contains("shut down incorrectly") || message.contains("handshake timed out");
    }

    private static TlsRejection ofOne(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException
                || cause instanceof CertPathValidatorException validator && isValidityReason(validator)
                || message.contains("validity check failed")) {
            return EXPIRED;
        }
        if (cause instanceof CertPathBuilderException || message.contains("unable to find valid certification path")
                || message.contains("pkix path building failed")) {
            return ISSUER_NOT_TRUSTED;
        }
        if (cause instanceof SSLPeerUnverifiedException || message.contains("no subject alternative")
                || message.contains("doesn't match any of the subject alternative names") || message.contains("no name matching")) {
            return HOST_NAME_MISMATCH;
        }
        // the server's alerts about the certificate the service presented (or did not)
        if (message.contains("certificate_required") || message.contains("bad_certificate") || message.contains("fatal alert: unknown_ca")) {
            return CLIENT_CERTIFICATE_REFUSED;
        }
        if (message.contains("unrecognized ssl message") || message.contains("not an ssl/tls record")
                || cause.getClass().getSimpleName().equals("NotSslRecordException")) {
            return NOT_TLS;
        }
        if (cause instanceof SSLHandshakeException || message.contains("fatal alert")) {
            return HANDSHAKE_FAILED;
        }
        return null;
    }

    private static boolean isValidityReason(CertPathValidatorException validator) {
        return validator.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                || validator.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID;
    }
}
