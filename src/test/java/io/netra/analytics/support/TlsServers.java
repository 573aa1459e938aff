package io.netra.analytics.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * ClickHouse and Redis that speak TLS and ask for the service's client certificate, with the certificates made by
 * scripts/servers.sh (a test CA, a certificate for localhost, one for another host, one from another CA). Each
 * server can be restarted with another certificate, as a rotation gone wrong does. ClickHouse keeps a plain port
 * for what tests count behind the service's back; the service is only ever given the TLS one.
 */
public final class TlsServers implements AutoCloseable {

    /** The certificates servers.sh makes, by file name. */
    public enum Certificate {
        SERVER("server"), WRONG_HOST("wrong-host"), OTHER_CA("other-ca-server");

        private final String file;

        Certificate(String file) {
            this.file = file;
        }
    }

    private static final Path SCRIPT = Path.of("scripts/servers.sh").toAbsolutePath();

    private final String password = "tls-secret-" + Long.toHexString(System.nanoTime());
    private final Path dir;
    private final Path certificates;
    private final int clickHouseHttpPort = LocalServers.freePort();
    private final int clickHouseHttpsPort = LocalServers.freePort();
    private final int clickHouseTcpPort = LocalServers.freePort();
    private final int redisTlsPort = LocalServers.freePort();
    private final LocalServers.Server clickhouse = new LocalServers.Server("clickhouse (TLS)");
    private final LocalServers.Server redis = new LocalServers.Server("redis (TLS)");

    private TlsServers() {
        try {
            dir = Files.createTempDirectory("netra-tls-servers-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        certificates = dir.resolve("certificates");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Makes the certificates and starts both servers with the certificate for localhost. */
    public static TlsServers start() {
        TlsServers servers = new TlsServers();
        LocalServers.run(List.of(SCRIPT.toString(), "install"));
        LocalServers.run(List.of(SCRIPT.toString(), "tls-certificates", servers.certificates.toString()));
        servers.startClickHouse(Certificate.SERVER);
        servers.startRedis(Certificate.SERVER);
        return servers;
    }

    /**
     * The settings that point the service at both servers over verified TLS: PEM trust in the TLS registry, a client
     * certificate for each; the ClickHouse password comes from {@code secrets}, a directory of files named like
     * environment variables (a Kubernetes Secret volume), not from a setting.
     */
    public Map<String, String> serviceConfig(Path secrets) {
        try {
            Files.createDirectories(secrets);
            Files.writeString(secrets.resolve("NETRA_CLICKHOUSE_PASSWORD"), password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("smallrye.config.source.file.locations", secrets.toString());
        config.put("netra.clickhouse.url", "https://localhost:" + clickHouseHttpsPort);
        config.put("netra.clickhouse.username", LocalServers.CLICKHOUSE_USER);
        config.put("netra.clickhouse.tls-configuration-name", "clickhouse");
        config.putAll(bucket("clickhouse"));
        config.put("quarkus.redis.hosts", "rediss://localhost:" + redisTlsPort);
        config.put("quarkus.redis.tls-configuration-name", "redis");
        config.putAll(bucket("redis"));
        return config;
    }

    private Map<String, String> bucket(String name) {
        return Map.of(
                "quarkus.tls." + name + ".trust-store.pem.certs", certificates.resolve("ca.crt").toString(),
                "quarkus.tls." + name + ".key-store.pem.client.cert", certificates.resolve("client.crt").toString(),
                "quarkus.tls." + name + ".key-store.pem.client.key", certificates.resolve("client.key").toString());
    }

    /** The settings that make the service serve HTTPS on {@code port} with the certificate for localhost. */
    public Map<String, String> httpsConfig(int port) {
        return Map.of(
                "quarkus.http.tls-configuration-name", "https",
                "quarkus.tls.https.key-store.pem.server.cert", certificates.resolve("server.crt").toString(),
                "quarkus.tls.https.key-store.pem.server.key", certificates.resolve("server.key").toString(),
                "quarkus.http.ssl-port", String.valueOf(port));
    }

    /** A TLS context that trusts the test CA only, as a client of the service would hold its CA. */
    public SSLContext trustingTheTestCa() {
        try (InputStream pem = Files.newInputStream(certificates.resolve("ca.crt"))) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("netra-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
            TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            managers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String clickHousePassword() {
        return password;
    }

    public int clickHouseHttpPort() {
        return clickHouseHttpPort;
    }

    public int clickHouseHttpsPort() {
        return clickHouseHttpsPort;
    }

    public int redisTlsPort() {
        return redisTlsPort;
    }

    /** (Re)starts ClickHouse serving {@code certificate}; its data stays. */
    public void startClickHouse(Certificate certificate) {
        clickhouse.stop();
        clickhouse.started(LocalServers.run(List.of(SCRIPT.toString(), "clickhouse-tls", dir.resolve("clickhouse").toString(),
                String.valueOf(clickHouseHttpPort), String.valueOf(clickHouseHttpsPort), String.valueOf(clickHouseTcpPort),
                password, certificates.toString(), certificate.file)));
    }

    /** (Re)starts Redis serving {@code certificate}; its data (the outage queue) stays. */
    public void startRedis(Certificate certificate) {
        redis.stop();
        redis.started(LocalServers.run(List.of(SCRIPT.toString(), "redis-tls", dir.resolve("redis").toString(),
                String.valueOf(redisTlsPort), certificates.toString(), certificate.file)));
    }

    public void stopClickHouse() {
        clickhouse.stop();
    }

    /** Runs a Redis command over TLS with the test's client certificate. */
    public String redis(String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert", certificates.resolve("ca.crt").toString(),
                "--cert", certificates.resolve("client.crt").toString(), "--key", certificates.resolve("client.key").toString(),
                "-h", "localhost", "-p", String.valueOf(redisTlsPort)));
        line.addAll(List.of(command));
        return LocalServers.run(line);
    }

    /** Ids stored for {@code user} as queries see them (FINAL), read on the plain port as ClickHouse's admin. */
    public List<String> storedEventIds(String user) {
        return LocalServers.query("http://127.0.0.1:" + clickHouseHttpPort, "SELECT toString(event_id) FROM "
                + "netra_analytics.performance_metrics FINAL WHERE user_id = '" + user + "' FORMAT TSV").lines().toList();
    }

    @Override
    public synchronized void close() {
        clickhouse.stop();
        redis.stop();
        LocalServers.delete(dir);
    }
}
