package io.netra.analytics.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The profile of most integration tests: one application, one pair of real servers, shared across classes. */
public class RealServersProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalServersResource.class));
    }
}
