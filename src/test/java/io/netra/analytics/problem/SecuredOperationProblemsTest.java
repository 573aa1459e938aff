package io.netra.analytics.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.junit.jupiter.api.Test;

class SecuredOperationProblemsTest {

    private static Operation operation(boolean secured) {
        Operation operation = OASFactory.createOperation().responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("ok")));
        return secured ? operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer")) : operation;
    }

    @Test
    void securedOperationsListTheirAuthenticationProblemsAndKeepTheirOwnWords() {
        Operation secured = operation(true);
        secured.getResponses().addAPIResponse("401", OASFactory.createAPIResponse().description("Not Authorized"));
        secured.getResponses().addAPIResponse("403", OASFactory.createAPIResponse().description("Not yours")
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType())));
        Operation bare = operation(true);
        Operation open = operation(false);
        Operation emptySecurity = operation(false).security(new java.util.ArrayList<>());
        OpenAPI document = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/secured", OASFactory.createPathItem().GET(secured).POST(bare))
                .addPathItem("/open", OASFactory.createPathItem().GET(open).POST(emptySecurity)));

        new SecuredOperationProblems().filterOpenAPI(document);

        assertEquals(ProblemResponses.UNAUTHORIZED, secured.getResponses().getAPIResponse("401").getDescription());
        assertEquals("#/components/schemas/Problem", secured.getResponses().getAPIResponse("401").getContent()
                .getMediaType(Problem.MEDIA_TYPE).getSchema().getRef());
        assertEquals("Not yours", secured.getResponses().getAPIResponse("403").getDescription());
        assertEquals(ProblemResponses.FORBIDDEN, bare.getResponses().getAPIResponse("403").getDescription());
        assertNull(open.getResponses().getAPIResponse("401"));
        assertNull(emptySecurity.getResponses().getAPIResponse("401"));
    }
}
