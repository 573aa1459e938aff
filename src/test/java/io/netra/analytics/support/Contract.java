package io.netra.analytics.support;

import java.nio.file.Path;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

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
            requestsAndResponses = new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(DOCUMENT.toUri().toString()).build());
        }
        return requestsAndResponses;
    }

    /** Checks every response REST Assured receives from now on; not requests, as many tests send malformed ones on purpose. */
    public static synchronized void checkEveryResponse() {
        if (!installed) {
            RestAssured.filters(new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(DOCUMENT.toUri().toString())
                    .withLevelResolver(LevelResolver.create().withLevel("validation.request", ValidationReport.Level.IGNORE).build())
                    .build()));
            installed = true;
        }
    }
}
