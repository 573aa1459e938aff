package io.netra.analytics.support;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.headerContains;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.pathContains;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;

import java.nio.file.Path;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;

import io.restassured.RestAssured;

/**
 * The committed OpenAPI document (openapi/netra-analytics.yaml) as a REST Assured filter: every response a test
 * receives must match it, errors included, so the document cannot drift from what the service sends.
 */
public final class Contract {

    public static final Path DOCUMENT = Path.of("openapi/netra-analytics.yaml");

    private static OpenApiValidationFilter requestsAndResponses;
    private static boolean installed;

    private Contract() {
    }

    /** Checks requests and responses, for calls that are meant to be valid. */
    public static synchronized OpenApiValidationFilter requestsAndResponses() {
        if (requestsAndResponses == null) {
            requestsAndResponses = new OpenApiValidationFilter(validator().build());
        }
        return requestsAndResponses;
    }

    /** Checks every response REST Assured receives from now on; not requests, as many tests send malformed ones on purpose. */
    public static synchronized void checkEveryResponse() {
        if (!installed) {
            RestAssured.filters(new OpenApiValidationFilter(validator()
                    .withLevelResolver(LevelResolver.create().withLevel("validation.request", ValidationReport.Level.IGNORE).build())
                    .build()));
            installed = true;
        }
    }

    /**
     * The document's validator. An OTLP export answered in protobuf with nothing to report is an empty message: zero
     * bytes, which the validator takes for a missing body.
     */
    private static OpenApiInteractionValidator.Builder validator() {
        return OpenApiInteractionValidator.createForSpecificationUrl(DOCUMENT.toUri().toString())
                .withWhitelist(ValidationErrorsWhitelist.create().withRule("an empty ExportMetricsServiceResponse",
                        allOf(messageHasKey("validation.response.body.missing"), pathContains("/v1/metrics"), responseStatusIs(200),
                                headerContains("Content-Type", "application/x-protobuf"))));
    }
}
