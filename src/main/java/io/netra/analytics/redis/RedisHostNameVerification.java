package io.netra.analytics.redis;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.RedisOptions;

/**
 * Makes the Redis client check the server's host name on TLS. Left to itself it does not: without a TLS bucket the
 * default is {@code NONE}, so any certificate of a trusted CA could stand in for Redis and read the outage queue and
 * every cached answer; with a bucket that sets no algorithm, every connection fails. One option object serves the
 * standalone server, the Sentinels and the master they name, and every Cluster node, so this covers all of them.
 * The only way to turn the check off is a bucket with {@code hostname-verification-algorithm=NONE}; it, and a
 * client that trusts every certificate, are logged as warnings at every start.
 */
@Singleton
public class RedisHostNameVerification implements RedisOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(RedisHostNameVerification.class);
    private static final String HTTPS_IDENTITY = "HTTPS";
    private static final String DEFAULT_CLIENT = "<default>";

    private final Config config;
    // a client is built more than once (its reactive and its blocking face): one warning per client and start
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    // settings are read from the configuration: the Redis client is built before the TLS registry exists
    public RedisHostNameVerification(Config config) {
        this.config = config;
    }

    @Override
    public void customize(String clientName, RedisOptions options) {
        NetClientOptions net = options.getNetClientOptions();
        Optional<String> bucket = config.getOptionalValue(DEFAULT_CLIENT.equals(clientName) ? "quarkus.redis.tls-configuration-name"
                : "quarkus.redis.\"" + clientName + "\".tls-configuration-name", String.class);
        boolean tls = options.getEndpoints().stream().anyMatch(endpoint -> endpoint.startsWith("rediss://"));
        if (tls && net.isTrustAll() && warned.add(clientName + "/trust-all")) {
            LOG.warnf("Redis TLS trusts every certificate (trust-all) for client %s: anyone on the path can stand in for Redis", clientName);
        }
        boolean optedOut = bucket.flatMap(name -> config.getOptionalValue("quarkus.tls." + name + ".hostname-verification-algorithm", String.class))
                .filter("NONE"::equalsIgnoreCase).isPresent();
        if (optedOut) {
            if (tls && warned.add(clientName + "/host-name")) {
                LOG.warnf("Redis TLS does not verify the server's host name (quarkus.tls.%s.hostname-verification-algorithm=NONE): "
                        + "any certificate of the trusted CA can stand in for Redis", bucket.get());
            }
            // Vert.x reads an empty algorithm as "no check"; NONE itself would fail every handshake
            net.setHostnameVerificationAlgorithm("");
            return;
        }
        String algorithm = net.getHostnameVerificationAlgorithm();
        if (algorithm == null || algorithm.isBlank() || "NONE".equalsIgnoreCase(algorithm)) {
            net.setHostnameVerificationAlgorithm(HTTPS_IDENTITY);
        }
    }
}
