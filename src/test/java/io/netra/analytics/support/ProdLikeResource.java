package io.netra.analytics.support;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For the packaged application in the prod profile: real servers, and a token issuer of its own (the dev key
 * pair is trusted only by the dev and test profiles). Injects the {@link LocalServers} and {@link TokenIssuer}.
 */
public class ProdLikeResource implements QuarkusTestResourceLifecycleManager {

    private LocalServers servers;
    private TokenIssuer issuer;

    @Override
    public Map<String, String> start() {
        servers = LocalServers.start(true);
        issuer = new TokenIssuer();
        Map<String, String> config = new HashMap<>(servers.serviceConfig());
        config.putAll(issuer.serviceConfig());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(servers, new TestInjector.MatchesType(LocalServers.class));
        testInjector.injectIntoFields(issuer, new TestInjector.MatchesType(TokenIssuer.class));
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.close();
        }
    }
}
