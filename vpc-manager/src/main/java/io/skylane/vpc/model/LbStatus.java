package io.skylane.vpc.model;

/**
 * The state every load-balancing resource has: its admin state and its provisioning and operating
 * statuses (Octavia's).
 */
public record LbStatus(boolean adminStateUp, ProvisioningStatus provisioningStatus, OperatingStatus operatingStatus) {

    /** The state of a load-balancing resource; throws for any other resource. */
    public static LbStatus of(Resource r) {
        if (r instanceof LoadBalancer x) {
            return new LbStatus(x.adminStateUp(), x.provisioningStatus(), x.operatingStatus());
        } else if (r instanceof Listener x) {
            return new LbStatus(x.adminStateUp(), x.provisioningStatus(), x.operatingStatus());
        } else if (r instanceof Pool x) {
            return new LbStatus(x.adminStateUp(), x.provisioningStatus(), x.operatingStatus());
        } else if (r instanceof Member x) {
            return new LbStatus(x.adminStateUp(), x.provisioningStatus(), x.operatingStatus());
        } else if (r instanceof HealthMonitor x) {
            return new LbStatus(x.adminStateUp(), x.provisioningStatus(), x.operatingStatus());
        }
        throw new IllegalArgumentException(r.type().plural() + " have no load-balancing status");
    }
}
