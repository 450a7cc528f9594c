package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/** The health monitor of a pool (one per pool); {@code delay}, {@code timeout} and {@code maxRetries} are required. */
public record HealthMonitorCreate(UUID tenantId, UUID poolId, HealthMonitor.Type monitorType,
                                  HealthMonitorUpdate settings) implements CreateRequest {

    public HealthMonitorCreate {
        java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ResourceType type() {
        return ResourceType.HEALTH_MONITOR;
    }
}
