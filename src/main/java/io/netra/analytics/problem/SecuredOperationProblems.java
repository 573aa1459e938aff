package io.netra.analytics.problem;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the 401 and 403 problem responses to every operation that needs a token, where the resource did not describe
 * them itself, so the OpenAPI document lists them without each resource repeating them (mp.openapi.filter).
 */
public class SecuredOperationProblems implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().values().forEach(path -> path.getOperations().values().stream()
                .filter(operation -> operation.getSecurity() != null && !operation.getSecurity().isEmpty())
                .forEach(operation -> {
                    addIfAbsent(operation.getResponses(), "401", ProblemResponses.UNAUTHORIZED);
                    addIfAbsent(operation.getResponses(), "403", ProblemResponses.FORBIDDEN);
                }));
    }

    /** Quarkus lists 401 and 403 for secured operations already, without a body; ours carry the problem document. */
    private static void addIfAbsent(APIResponses responses, String status, String description) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing == null || existing.getContent() == null) {
            responses.addAPIResponse(status, problem(description));
        }
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
    }
}
