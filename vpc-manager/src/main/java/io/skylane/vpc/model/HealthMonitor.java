package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * Probes the members of one pool every {@code delay} seconds, each probe answered within
 * {@code timeout} (at most the delay); a member is up after {@code maxRetries} answered probes in a
 * row and down after {@code maxRetriesDown} unanswered ones.
 */
public record HealthMonitor(Meta meta, UUID poolId, Type monitorType, int delay, int timeout, int maxRetries,
                            int maxRetriesDown, boolean adminStateUp, ProvisioningStatus provisioningStatus,
                            OperatingStatus operatingStatus) implements Resource {

    /** What a probe is. */
    public enum Type {
        /** A TCP connect: SYN answered by SYN/ACK is up, RST or silence down. */
        TCP("TCP"),
        /** An ICMP echo. */
        PING("PING"),
        /** A UDP datagram: ICMP port unreachable is down, anything else (or silence) up. */
        UDP_CONNECT("UDP-CONNECT");

        private final String json;

        Type(String json) {
            this.json = json;
        }

        /** The API's name ({@code UDP-CONNECT}). */
        public String json() {
            return json;
        }

        /** The type the API names {@code name}. */
        public static Type ofJson(String name) {
            for (Type t : values()) {
                if (t.json.equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown health monitor type " + name);
        }
    }

    public static final int MAX_SECONDS = 86_400;
    public static final int MAX_RETRIES = 10;

    public HealthMonitor {
        requireNonNull(meta, "meta");
        requireNonNull(poolId, "poolId");
        requireNonNull(monitorType, "monitorType");
        requireNonNull(provisioningStatus, "provisioningStatus");
        requireNonNull(operatingStatus, "operatingStatus");
    }

    @Override
    public HealthMonitor withMeta(Meta m) {
        return new HealthMonitor(m, poolId, monitorType, delay, timeout, maxRetries, maxRetriesDown, adminStateUp,
                provisioningStatus, operatingStatus);
    }

    /** The same resource with other statuses (the data plane's and the monitors' view), as a next revision at {@code now}. */
    public HealthMonitor withLbStatus(ProvisioningStatus provisioning, OperatingStatus operating, java.time.Instant now) {
        return new HealthMonitor(meta.touch(now), poolId, monitorType, delay, timeout, maxRetries, maxRetriesDown, adminStateUp,
                provisioning, operating);
    }

    @Override
    public ResourceType type() {
        return ResourceType.HEALTH_MONITOR;
    }
}
