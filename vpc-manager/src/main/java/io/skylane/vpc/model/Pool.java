package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * The members a listener spreads new connections over: {@code SOURCE_IP_PORT} picks a member per
 * connection, {@code SOURCE_IP} every connection of one client to the same member;
 * {@code sessionPersistence} (null: none) keeps a client on its member. {@code listenerId} is the
 * listener it was created for (null: one of the load balancer's pools, for a listener to name).
 */
public record Pool(Meta meta, UUID loadbalancerId, UUID listenerId, L4Protocol protocol, Algorithm lbAlgorithm,
                   SessionPersistence sessionPersistence, boolean adminStateUp, ProvisioningStatus provisioningStatus,
                   OperatingStatus operatingStatus) implements Resource {

    /** How a new connection's member is chosen. */
    public enum Algorithm {
        /** A hash of the client's address and port: per connection. */
        SOURCE_IP_PORT,
        /** A hash of the client's address: every connection of a client to one member. */
        SOURCE_IP
    }

    /** Session affinity: all connections of one client address to one member. */
    public record SessionPersistence(Type type) {
        /** The one kind offered. */
        public enum Type { SOURCE_IP }

        public SessionPersistence {
            requireNonNull(type, "type");
        }
    }

    public Pool {
        requireNonNull(meta, "meta");
        requireNonNull(loadbalancerId, "loadbalancerId");
        requireNonNull(protocol, "protocol");
        requireNonNull(lbAlgorithm, "lbAlgorithm");
        requireNonNull(provisioningStatus, "provisioningStatus");
        requireNonNull(operatingStatus, "operatingStatus");
    }

    @Override
    public Pool withMeta(Meta m) {
        return new Pool(m, loadbalancerId, listenerId, protocol, lbAlgorithm, sessionPersistence, adminStateUp,
                provisioningStatus, operatingStatus);
    }

    /** The same resource with other statuses (the data plane's and the monitors' view), as a next revision at {@code now}. */
    public Pool withLbStatus(ProvisioningStatus provisioning, OperatingStatus operating, java.time.Instant now) {
        return new Pool(meta.touch(now), loadbalancerId, listenerId, protocol, lbAlgorithm, sessionPersistence, adminStateUp,
                provisioning, operating);
    }

    @Override
    public ResourceType type() {
        return ResourceType.POOL;
    }
}
