package io.netra.analytics.clickhouse;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

import org.jboss.logging.Logger;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.enums.SSLMode;

import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;

/**
 * Gives the ClickHouse client the trust and the client certificate of a Quarkus TLS registry bucket
 * ({@code quarkus.tls.<name>.*}, named by {@code netra.clickhouse.tls-configuration-name}). client-v2 takes no
 * SSLContext, only PEM text, so the bucket's certificates and key are handed over as PEM; the registry has already
 * read the files and reports a missing one at startup. Without a bucket the JVM's trust store applies. The bucket's
 * protocols, cipher suites and revocation lists do not reach client-v2, which uses the JVM's. Host names are checked unless the bucket says {@code hostname-verification-algorithm=NONE},
 * which is logged as a warning at every start, as is a bucket that trusts every certificate.
 */
final class ClickHouseTls {

    private static final Logger LOG = Logger.getLogger(ClickHouseTls.class);

    private ClickHouseTls() {
    }

    static void apply(Client.Builder builder, String url, Optional<String> bucketName, TlsConfigurationRegistry registry, Vertx vertx) {
        if (bucketName.isEmpty()) {
            return;
        }
        if (!url.toLowerCase(Locale.ROOT).startsWith("https://")) {
            // TLS was asked for: going on would send the password in plain text
            throw new IllegalStateException("netra.clickhouse.tls-configuration-name is set, but netra.clickhouse.url is not https://");
        }
        TlsConfiguration bucket = registry.get(bucketName.get()).orElseThrow(() -> new IllegalStateException(
                "netra.clickhouse.tls-configuration-name names the TLS configuration '" + bucketName.get()
                        + "', which is not configured (quarkus.tls." + bucketName.get() + ".*)"));
        if (bucket.isTrustAll()) {
            LOG.warnf("ClickHouse TLS trusts every certificate (quarkus.tls.%s.trust-all): anyone on the path can read and change the traffic",
                    bucketName.get());
            builder.setSSLMode(SSLMode.TRUST);
        } else if (bucket.getHostnameVerificationAlgorithm().filter("NONE"::equalsIgnoreCase).isPresent()) {
            LOG.warnf("ClickHouse TLS does not verify the server's host name (quarkus.tls.%s.hostname-verification-algorithm=NONE): "
                    + "any certificate of the trusted CA is accepted", bucketName.get());
            builder.setSSLMode(SSLMode.VERIFY_CA);
        }
        if (bucket.getTrustStore() != null) {
            builder.setRootCertificate(certificates(bucket.getTrustStore()));
        }
        if (bucket.getKeyStoreOptions() != null) {
            clientCertificate(builder, bucket, vertx);
        }
    }

    private static String certificates(KeyStore trust) {
        try {
            StringBuilder pem = new StringBuilder();
            for (String alias : Collections.list(trust.aliases())) {
                Certificate certificate = trust.getCertificate(alias);
                if (certificate != null) {
                    pem.append(pem("CERTIFICATE", certificate.getEncoded()));
                }
            }
            return pem.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the ClickHouse trust certificates cannot be read", e);
        }
    }

    private static void clientCertificate(Client.Builder builder, TlsConfiguration bucket, Vertx vertx) {
        try {
            for (KeyManager manager : bucket.getKeyStoreOptions().getKeyManagerFactory(vertx).getKeyManagers()) {
                if (manager instanceof X509KeyManager keys) {
                    String alias = firstAlias(keys);
                    StringBuilder chain = new StringBuilder();
                    for (Certificate certificate : keys.getCertificateChain(alias)) {
                        chain.append(pem("CERTIFICATE", certificate.getEncoded()));
                    }
                    PrivateKey key = keys.getPrivateKey(alias);
                    builder.setClientCertificate(chain.toString());
                    // PKCS#8 either way; client-v2 picks the key's algorithm from the PEM label ("EC PRIVATE KEY")
                    builder.setClientKey(pem(key.getAlgorithm() + " PRIVATE KEY", key.getEncoded()));
                    return;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the ClickHouse client certificate cannot be read", e);
        }
    }

    private static String firstAlias(X509KeyManager keys) {
        for (String type : new String[] {"RSA", "EC"}) {
            String[] aliases = keys.getClientAliases(type, null);
            if (aliases != null && aliases.length > 0) {
                return aliases[0];
            }
        }
        throw new IllegalStateException("the TLS configuration holds no RSA or EC client key");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
