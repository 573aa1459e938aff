package io.netra.analytics.kubernetes;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.netra.analytics.config.NetraConfig;
import io.netra.analytics.support.DocumentedSettings;
import io.netra.analytics.support.RealServersProfile;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The manifests as a cluster would receive them: every overlay rendered by the real Kustomize ({@code kubectl
 * kustomize}), read with the Kubernetes model, and held to the application they deploy: its probe paths and port,
 * its settings and their values in the prod profile, the Secrets it reads, its image, its shutdown and its measured
 * memory.
 */
@QuarkusTest
@TestProfile(RealServersProfile.class)
class KubernetesManifestsTest {

    private static final String APP = "netra-analytics";
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Map<String, List<HasMetadata>> RENDERED = new HashMap<>();

    static List<HasMetadata> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, KubernetesManifestsTest::kustomize);
    }

    private static List<HasMetadata> kustomize(String overlay) {
        Path output;
        try {
            output = Files.createTempFile("kustomize-" + overlay, ".yaml");
            Process kubectl = new ProcessBuilder("kubectl", "kustomize", "k8s/overlays/" + overlay)
                    .redirectOutput(output.toFile()).redirectErrorStream(false).start();
            String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize took over a minute");
            assertEquals(0, kubectl.exitValue(), "kubectl kustomize k8s/overlays/" + overlay + " failed: " + errors);
        } catch (IOException e) {
            throw new AssertionError("This test renders the manifests with a real Kustomize: install kubectl (1.27 or "
                    + "later has Kustomize 5 built in; https://kubernetes.io/docs/tasks/tools/) and put it on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        List<HasMetadata> resources = new ArrayList<>();
        try (var documents = YAML.readerFor(KubernetesResource.class).<KubernetesResource> readValues(output.toFile())) {
            documents.forEachRemaining(resource -> resources.add((HasMetadata) resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(resources.isEmpty(), "nothing rendered for " + overlay);
        return resources;
    }

    private static <T extends HasMetadata> List<T> all(String overlay, Class<T> kind) {
        return rendered(overlay).stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static <T extends HasMetadata> T named(String overlay, Class<T> kind, String prefix) {
        return all(overlay, kind).stream().filter(resource -> resource.getMetadata().getName().equals(prefix)
                || resource.getMetadata().getName().startsWith(prefix + "-")).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " has no " + kind.getSimpleName() + " " + prefix));
    }

    private static Deployment deployment(String overlay) {
        return named(overlay, Deployment.class, APP);
    }

    private static PodSpec pod(String overlay) {
        return deployment(overlay).getSpec().getTemplate().getSpec();
    }

    private static Container container(String overlay) {
        return pod(overlay).getContainers().get(0);
    }

    /** The environment the service sees: its ConfigMap, then the env entries with a literal value. */
    private static Map<String, String> environment(String overlay) {
        Container container = container(overlay);
        String configName = container.getEnvFrom().get(0).getConfigMapRef().getName();
        Map<String, String> env = new HashMap<>(all(overlay, ConfigMap.class).stream()
                .filter(config -> config.getMetadata().getName().equals(configName)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + configName)).getData());
        container.getEnv().stream().filter(entry -> entry.getValue() != null).forEach(entry -> env.put(entry.getName(), entry.getValue()));
        return env;
    }

    private static Set<String> environmentNames(String overlay) {
        Set<String> names = new TreeSet<>(environment(overlay).keySet());
        container(overlay).getEnv().stream().map(EnvVar::getName).forEach(names::add);
        return names;
    }

    /** The service's configuration in the prod profile with this overlay's environment, as the pod would read it. */
    private static SmallRyeConfig prodConfig(String overlay) {
        Map<String, String> env = new HashMap<>(environment(overlay));
        // the values that come from Secrets exist, whatever they are
        container(overlay).getEnv().stream().filter(entry -> entry.getValueFrom() != null).forEach(entry -> env.put(entry.getName(), "secret"));
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withMapping(NetraConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300))
                .withSources(propertiesFile())
                .build();
    }

    private static PropertiesConfigSource propertiesFile() {
        try {
            return new PropertiesConfigSource(Path.of("src/main/resources/application.properties").toUri().toURL(), 250);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-jvm" })
    void probesAskTheAppOnPathsItServesOnThePortItListensOn(String overlay) {
        Container container = container(overlay);
        Map<String, Probe> probes = Map.of("startup", container.getStartupProbe(), "liveness", container.getLivenessProbe(),
                "readiness", container.getReadinessProbe());
        probes.forEach((name, probe) -> {
            assertNotNull(probe, name + " probe");
            HTTPGetAction get = probe.getHttpGet();
            assertEquals("http", get.getPort().getStrVal(), name + " probe port");
            // the app answers the path with its health (UP or DOWN, whatever the test servers are doing), not with 404
            var health = given().get(get.getPath());
            assertTrue(Set.of(200, 503).contains(health.statusCode()) && health.jsonPath().getString("status") != null,
                    overlay + ": the " + name + " probe's path " + get.getPath() + " answered " + health.statusCode());
        });
        int port = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no port named http")).getContainerPort();
        // Quarkus listens on 8080 unless told otherwise, and nothing in the prod profile or the env tells it otherwise
        assertEquals(8080, prodConfig(overlay).getOptionalValue("quarkus.http.port", Integer.class).orElse(8080));
        assertEquals(8080, port);
        assertTrue(read("src/main/docker/Dockerfile.jvm").contains("EXPOSE " + port));
        assertTrue(read("src/main/docker/Dockerfile.native").contains("EXPOSE " + port));
        // the Service's target port and the ServiceMonitor's endpoint are that port, and metrics are where it scrapes
        Service service = named(overlay, Service.class, APP);
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        GenericKubernetesResource monitor = all(overlay, GenericKubernetesResource.class).stream()
                .filter(resource -> resource.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        JsonNode endpoint = JsonMapper.builder().build().valueToTree(monitor.getAdditionalProperties()).at("/spec/endpoints/0");
        assertEquals("http", endpoint.path("port").asText());
        given().get(endpoint.path("path").asText()).then().statusCode(200);
    }

    @Test
    void theHttpsOverlayServesTlsOnlyFromTheIssuedCertificateAndEverythingThatCallsItFollows() {
        String overlay = "prod-https";
        Container container = container(overlay);
        assertEquals(List.of("https:8443"), container.getPorts().stream().map(p -> p.getName() + ":" + p.getContainerPort()).toList());
        Map<String, String> env = environment(overlay);
        assertEquals("disabled", env.get("QUARKUS_HTTP_INSECURE_REQUESTS"), "no plain-text port beside the TLS one");
        SmallRyeConfig config = prodConfig(overlay);
        assertEquals(8443, config.getOptionalValue("quarkus.http.ssl-port", Integer.class).orElse(8443));
        String bucket = config.getValue("quarkus.http.tls-configuration-name", String.class);

        // the certificate and key files are in the volume of the Secret cert-manager writes
        GenericKubernetesResource certificate = all(overlay, GenericKubernetesResource.class).stream()
                .filter(resource -> resource.getKind().equals("Certificate")).findFirst().orElseThrow();
        String secretName = JsonMapper.builder().build().valueToTree(certificate.getAdditionalProperties()).at("/spec/secretName").asText();
        Volume tls = pod(overlay).getVolumes().stream().filter(volume -> volume.getSecret() != null
                && secretName.equals(volume.getSecret().getSecretName())).findFirst().orElseThrow();
        String mountPath = container.getVolumeMounts().stream().filter(mount -> mount.getName().equals(tls.getName())).findFirst()
                .orElseThrow().getMountPath();
        assertEquals(mountPath + "/tls.crt", env.get("quarkus.tls." + bucket + ".key-store.pem.server.cert"));
        assertEquals(mountPath + "/tls.key", env.get("quarkus.tls." + bucket + ".key-store.pem.server.key"));

        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
            assertEquals("https/HTTPS", probe.getHttpGet().getPort().getStrVal() + "/" + probe.getHttpGet().getScheme());
        }
        named(overlay, Service.class, APP).getSpec().getPorts().forEach(port -> assertEquals("https", port.getTargetPort().getStrVal()));
        GenericKubernetesResource monitor = all(overlay, GenericKubernetesResource.class).stream()
                .filter(resource -> resource.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        JsonNode endpoint = JsonMapper.builder().build().valueToTree(monitor.getAdditionalProperties()).at("/spec/endpoints/0");
        assertEquals("https/https/" + secretName, endpoint.path("port").asText() + "/" + endpoint.path("scheme").asText() + "/"
                + endpoint.at("/tlsConfig/ca/secret/name").asText());
        JsonNode dnsNames = JsonMapper.builder().build().valueToTree(certificate.getAdditionalProperties()).at("/spec/dnsNames");
        assertTrue(dnsNames.toString().contains("\"" + endpoint.at("/tlsConfig/serverName").asText() + "\""),
                "Prometheus checks the name the certificate is issued for: " + dnsNames);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-jvm" })
    void otlpGrpcIsOfferedOnThePortExportersDefaultToAndReachesTheHttpPortThatServesIt(String overlay) {
        assertFalse(prodConfig(overlay).getValue("quarkus.grpc.server.use-separate-server", Boolean.class),
                "gRPC is served by the HTTP server, on its port");
        var servicePort = named(overlay, Service.class, APP).getSpec().getPorts().stream().filter(p -> "otlp-grpc".equals(p.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("the Service has no otlp-grpc port"));
        assertEquals("http", servicePort.getTargetPort().getStrVal());
        assertEquals(4317, servicePort.getPort(), "OTLP exporters send gRPC to 4317 unless told otherwise");
        assertEquals("grpc", servicePort.getAppProtocol());
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-jvm" })
    void everyEnvironmentVariableSetsARealSettingWithAValueTheServiceAccepts(String overlay) {
        Map<String, String> known = new HashMap<>();
        Stream.concat(DocumentedSettings.mapped().keySet().stream(), DocumentedSettings.documented().keySet().stream())
                .forEach(key -> known.put(DocumentedSettings.environmentName(key), key));

        Set<String> unknown = environmentNames(overlay).stream().filter(name -> !known.containsKey(name)).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(Set.of(), unknown, "variables that set nothing the service reads (or that docs/configuration.md does not document)");
        // the values parse, in the prod profile, into the service's configuration: a bad duration or number fails here
        NetraConfig config = prodConfig(overlay).getConfigMapping(NetraConfig.class);
        assertTrue(config.clickhouse().url().startsWith("http"), config.clickhouse().url());
        assertEquals(environment(overlay).get("NETRA_CLICKHOUSE_URL"), config.clickhouse().url());
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void secretsHoldTheKeysTheDeploymentReadsAndTheKeyFileIsWhereTheServiceLooks(String overlay) {
        List<Secret> secrets = overlay.equals("dev") ? all(overlay, Secret.class) : secretsExample();
        Map<String, Set<String>> keysBySecret = secrets.stream().collect(Collectors.toMap(secret -> secret.getMetadata().getName(),
                secret -> new TreeSet<>(Stream.concat(keys(secret.getData()), keys(secret.getStringData())).toList())));
        List<SecretKeySelector> references = new ArrayList<>(container(overlay).getEnv().stream()
                .filter(entry -> entry.getValueFrom() != null).map(entry -> entry.getValueFrom().getSecretKeyRef()).toList());
        Volume keyVolume = pod(overlay).getVolumes().stream().filter(volume -> volume.getSecret() != null).findFirst().orElseThrow();
        keyVolume.getSecret().getItems().forEach(item -> references.add(new SecretKeySelector(item.getKey(), keyVolume.getSecret().getSecretName(), false)));

        assertFalse(references.isEmpty());
        references.forEach(reference -> assertTrue(keysBySecret.getOrDefault(reference.getName(), Set.of()).contains(reference.getKey()),
                overlay + ": Secret " + reference.getName() + " has no key " + reference.getKey() + "; it has " + keysBySecret));
        String mountPath = container(overlay).getVolumeMounts().stream().filter(mount -> mount.getName().equals(keyVolume.getName()))
                .findFirst().orElseThrow().getMountPath();
        String keyFile = mountPath + "/" + keyVolume.getSecret().getItems().get(0).getPath();
        assertEquals(URI.create("file:" + keyFile), URI.create(prodConfig(overlay).getValue("mp.jwt.verify.publickey.location", String.class)));
    }

    private static Stream<String> keys(Map<String, String> data) {
        return data == null ? Stream.empty() : data.keySet().stream();
    }

    private static List<Secret> secretsExample() {
        try (var documents = YAML.readerFor(Secret.class).<Secret> readValues(Path.of("k8s/overlays/prod/secrets.example.yaml").toFile())) {
            return documents.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-jvm" })
    void theImageIsTheOneTheBuildMakesAndRunsWithItsMemorySettings(String overlay) {
        String image = container(overlay).getImage();
        Matcher name = Pattern.compile("(?:.*/)?([^/:]+):(?:.*-)?(native|jvm)").matcher(image);

        assertTrue(name.matches(), "image " + image + " is not <repository>/<artifactId>:<version->native|jvm");
        assertEquals(artifactId(), name.group(1));
        String kind = name.group(2);
        assertTrue(Files.exists(Path.of("src/main/docker/Dockerfile." + kind)));
        List<String> args = container(overlay).getArgs();
        if (kind.equals("native")) {
            // the native heap does not follow the container's limit by itself: it is bounded explicitly
            assertTrue(args.stream().anyMatch(arg -> arg.startsWith("-Xmx")), "native args " + args);
        } else {
            assertTrue(args.isEmpty(), "the JVM's heap follows MaxRAMPercentage of the limit: " + args);
            assertTrue(read("src/main/docker/Dockerfile.jvm").contains("-XX:MaxRAMPercentage="));
        }
    }

    private static String artifactId() {
        try {
            return XPathFactory.newInstance().newXPath().evaluate("/project/artifactId",
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile()));
        } catch (Exception e) {
            throw new AssertionError("the project's artifactId in pom.xml", e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-jvm" })
    void thePodOutlivesTheShutdownItWaitsFor(String overlay) {
        SmallRyeConfig config = prodConfig(overlay);
        Duration delay = config.getValue("quarkus.shutdown.delay", Duration.class);
        Duration timeout = config.getValue("quarkus.shutdown.timeout", Duration.class);

        // refuse new requests for the delay, finish those in flight (up to the timeout), flush (up to the timeout)
        long grace = pod(overlay).getTerminationGracePeriodSeconds();
        assertTrue(grace > delay.plus(timeout.multipliedBy(2)).toSeconds(),
                "terminationGracePeriodSeconds " + grace + " must exceed " + delay + " + 2 x " + timeout);
    }

    @ParameterizedTest
    @ValueSource(strings = { "prod", "prod-jvm" })
    void memoryLimitsExceedThePeakMeasuredUnderTheBenchmarkLoad(String overlay) throws IOException {
        String kind = container(overlay).getImage().endsWith("jvm") ? "jar" : "native";
        JsonNode memory = JsonMapper.builder().build().readTree(Path.of("benchmarks/" + kind + ".json").toFile()).path("memory");
        long peakKib = Math.max(memory.path("rss_after_load_kib").asLong(), memory.path("rss_end_kib").asLong());
        Quantity limit = container(overlay).getResources().getLimits().get("memory");
        Quantity request = container(overlay).getResources().getRequests().get("memory");

        assertTrue(peakKib > 0, "benchmarks/" + kind + ".json has the measured RSS");
        assertEquals(limit.getNumericalAmount().longValue() / 1024 / 1024, memory.path("memory_limit_mib").asLong(),
                "the benchmark ran under this limit");
        // a quarter of headroom over the peak measured, so a busier hour does not kill the pod
        assertTrue(limit.getNumericalAmount().longValue() > peakKib * 1024 * 5 / 4,
                "limit " + limit + " vs measured peak " + peakKib / 1024 + " MiB");
        assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "prod-jvm" })
    void thePodRunsLockedDownAndSpreadAcrossZones(String overlay) {
        PodSpec pod = pod(overlay);
        var container = container(overlay).getSecurityContext();

        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertTrue(container.getReadOnlyRootFilesystem());
        assertFalse(container.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container.getCapabilities().getDrop());
        // the images run as this user (and the root filesystem is read-only, so /tmp is a volume)
        long user = pod.getSecurityContext().getRunAsUser();
        assertTrue(read("src/main/docker/Dockerfile.native").contains("USER " + user));
        assertTrue(read("src/main/docker/Dockerfile.jvm").contains("USER " + user));
        assertTrue(container(overlay).getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/tmp")));
        assertTrue(pod.getTopologySpreadConstraints().stream().anyMatch(spread -> spread.getTopologyKey().equals("topology.kubernetes.io/zone")));
        HorizontalPodAutoscaler autoscaler = named(overlay, HorizontalPodAutoscaler.class, APP);
        assertEquals(APP, autoscaler.getSpec().getScaleTargetRef().getName());
        assertTrue(autoscaler.getSpec().getMinReplicas() <= deployment(overlay).getSpec().getReplicas());
        PodDisruptionBudget budget = named(overlay, PodDisruptionBudget.class, APP);
        assertEquals(deployment(overlay).getSpec().getSelector().getMatchLabels(), budget.getSpec().getSelector().getMatchLabels());
        assertTrue(rendered(overlay).stream().anyMatch(resource -> resource.getKind().equals("PrometheusRule")));
    }

    @Test
    void theNativeBuildInContainersEndsInTheNativeImage() {
        String native_ = read("src/main/docker/Dockerfile.native");
        String build = read("src/main/docker/Dockerfile.native-build");
        String finalStage = build.substring(build.lastIndexOf("FROM ${BASE_IMAGE}"));

        assertTrue(build.contains("AS build") && build.contains("-Dnative"), "a builder stage compiles the executable");
        assertEquals(native_.substring(native_.indexOf("FROM ${BASE_IMAGE}")).replace("COPY ", "COPY --from=build ")
                .replace(" target/", " /code/target/"), finalStage);
    }

    @Test
    void theDevOverlayRunsItsOwnDurableClickHouseAndRedisWhereTheServiceLooks() {
        Map<String, String> env = environment("dev");
        Set<String> services = all("dev", Service.class).stream().flatMap(service -> service.getSpec().getPorts().stream()
                .map(port -> service.getMetadata().getName() + ":" + port.getPort())).collect(Collectors.toSet());

        for (String name : List.of("clickhouse", "redis")) {
            StatefulSet set = named("dev", StatefulSet.class, name);
            assertNotNull(set.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe(), name + " readiness");
            assertFalse(set.getSpec().getVolumeClaimTemplates().isEmpty(), name + " keeps its data in a volume claim");
        }
        List<String> redisArgs = named("dev", StatefulSet.class, "redis").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertTrue(String.join(" ", redisArgs).contains("--appendonly yes"), "the outage queue survives a Redis restart");
        assertTrue(String.join(" ", redisArgs).contains("--maxmemory-policy noeviction"), "the service refuses to queue in an evicting Redis");
        URI clickhouse = URI.create(env.get("NETRA_CLICKHOUSE_URL"));
        URI redis = URI.create(env.get("QUARKUS_REDIS_HOSTS"));
        assertTrue(services.contains(clickhouse.getHost() + ":" + clickhouse.getPort()), clickhouse + " in " + services);
        assertTrue(services.contains(redis.getHost() + ":" + redis.getPort()), redis + " in " + services);
        // tokens from scripts/dev-token.sh verify against the key the dev overlay mounts
        assertEquals(read("config/dev-jwt/public-key.pem"), read("k8s/overlays/dev/dev-jwt-public-key.pem"));
    }
}
