package io.netra.analytics.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Packages depend one way: shared concepts low, the capabilities above them, the operator API and health on top.
 * A new cycle, or a low package reaching up, fails here before a reader has to untangle it.
 */
class PackageDependenciesTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.netra.analytics");

    @Test
    void noPackageCycles() {
        slices().matching("io.netra.analytics.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void lowerPackagesNeverReachUp() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("foundation").definedBy("..analytics.config..", "..analytics.problem..", "..analytics.model..")
                .layer("tls").definedBy("..analytics.tls..")
                .layer("identity").definedBy("..analytics.identity..")
                .layer("mode").definedBy("..analytics.mode..")
                .layer("clickhouse").definedBy("..analytics.clickhouse..")
                .layer("redis").definedBy("..analytics.redis..")
                .layer("resilience").definedBy("..analytics.resilience..")
                .layer("schema").definedBy("..analytics.schema..")
                .layer("cache").definedBy("..analytics.cache..")
                .layer("tenant").definedBy("..analytics.tenant..")
                .layer("queue").definedBy("..analytics.queue..")
                .layer("summary").definedBy("..analytics.summary..")
                .layer("ingest").definedBy("..analytics.ingest..")
                .layer("otlp").definedBy("..analytics.otlp..")
                .layer("replay").definedBy("..analytics.replay..")
                .layer("query").definedBy("..analytics.query..")
                .layer("health").definedBy("..analytics.health..")
                .layer("admin").definedBy("..analytics.admin..")
                .whereLayer("admin").mayNotBeAccessedByAnyLayer()
                .whereLayer("health").mayNotBeAccessedByAnyLayer()
                .whereLayer("otlp").mayNotBeAccessedByAnyLayer()
                .whereLayer("query").mayOnlyBeAccessedByLayers("admin", "health")
                .whereLayer("replay").mayOnlyBeAccessedByLayers("admin", "health")
                .whereLayer("ingest").mayOnlyBeAccessedByLayers("otlp", "replay", "admin", "health")
                .whereLayer("summary").mayOnlyBeAccessedByLayers("query")
                .whereLayer("queue").mayOnlyBeAccessedByLayers("ingest", "otlp", "replay", "admin", "health")
                .whereLayer("tenant").mayOnlyBeAccessedByLayers("ingest", "admin")
                .whereLayer("cache").mayOnlyBeAccessedByLayers("query")
                .whereLayer("schema").mayOnlyBeAccessedByLayers("ingest", "otlp", "replay", "query", "health", "admin")
                .whereLayer("resilience").mayOnlyBeAccessedByLayers("ingest", "replay", "query", "health", "admin")
                .whereLayer("clickhouse").mayOnlyBeAccessedByLayers("resilience", "schema", "queue", "summary", "ingest", "otlp", "replay", "query",
                        "health", "admin")
                .whereLayer("mode").mayOnlyBeAccessedByLayers("clickhouse", "ingest", "replay", "query", "health", "admin")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("ingest", "otlp", "query", "admin")
                .whereLayer("redis").mayOnlyBeAccessedByLayers("health")
                .whereLayer("tls").mayOnlyBeAccessedByLayers("clickhouse", "redis")
                .check(SERVICE);
    }
}
