package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

/**
 * The two statuses the load balancer's data plane and monitors keep for a load-balancing resource
 * (what {@link LbStatus} holds besides the admin state).
 */
public record LbState(ProvisioningStatus provisioning, OperatingStatus operating) {

    public LbState {
        requireNonNull(provisioning, "provisioning");
        requireNonNull(operating, "operating");
    }

    /** The statuses a resource has now; throws for a resource that is not load balancing. */
    public static LbState of(Resource r) {
        LbStatus s = LbStatus.of(r);
        return new LbState(s.provisioningStatus(), s.operatingStatus());
    }

    /** The resource with these statuses, as a next revision at {@code now}. */
    public Resource applyTo(Resource r, java.time.Instant now) {
        if (r instanceof LoadBalancer x) {
            return x.withLbStatus(provisioning, operating, now);
        } else if (r instanceof Listener x) {
            return x.withLbStatus(provisioning, operating, now);
        } else if (r instanceof Pool x) {
            return x.withLbStatus(provisioning, operating, now);
        } else if (r instanceof Member x) {
            return x.withLbStatus(provisioning, operating, now);
        } else if (r instanceof HealthMonitor x) {
            return x.withLbStatus(provisioning, operating, now);
        }
        throw new IllegalArgumentException(r.type().plural() + " have no load-balancing status");
    }
}
