package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;

/** What may change of a health monitor: its timing, its thresholds, its admin state. */
public record HealthMonitorUpdate(Common common, Given<Integer> delay, Given<Integer> timeout, Given<Integer> maxRetries,
                                  Given<Integer> maxRetriesDown, Given<Boolean> adminStateUp) implements UpdateRequest {

    public static final HealthMonitorUpdate NONE = new HealthMonitorUpdate(Common.NONE, Given.absent(), Given.absent(),
            Given.absent(), Given.absent(), Given.absent());

    public HealthMonitorUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(delay, "delay");
        java.util.Objects.requireNonNull(timeout, "timeout");
        java.util.Objects.requireNonNull(maxRetries, "maxRetries");
        java.util.Objects.requireNonNull(maxRetriesDown, "maxRetriesDown");
        java.util.Objects.requireNonNull(adminStateUp, "adminStateUp");
    }

    @Override
    public ResourceType type() {
        return ResourceType.HEALTH_MONITOR;
    }

    /** The timing and thresholds of a monitor. */
    public static HealthMonitorUpdate timing(int delay, int timeout, int maxRetries) {
        return new HealthMonitorUpdate(Common.NONE, Given.of(delay), Given.of(timeout), Given.of(maxRetries),
                Given.absent(), Given.absent());
    }
}
