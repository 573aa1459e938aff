package io.netra.analytics.tenant;

/** How many replicas share the service's limits now; at least 1. */
public interface ReplicaCount {

    int count();
}
