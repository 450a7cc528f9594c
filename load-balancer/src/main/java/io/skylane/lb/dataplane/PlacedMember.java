package io.skylane.lb.dataplane;

import static java.util.Objects.requireNonNull;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;

/**
 * A member of a pool and the tenant port that holds its address, where that port is now: what
 * its hairpin rules, its health probes and its share of the slot table need.
 *
 * @param vip     the load balancer's VIP
 * @param address the member's address (IPv4)
 * @param segment the segment of the VPC both are in
 */
public record PlacedMember(Member member, Pool pool, LoadBalancer loadBalancer, Port port, ConnectPoint location,
                           Ip4Address vip, Ip4Address address, int segment) {

    public PlacedMember {
        requireNonNull(member, "member");
        requireNonNull(pool, "pool");
        requireNonNull(loadBalancer, "loadBalancer");
        requireNonNull(port, "port");
        requireNonNull(location, "location");
        requireNonNull(vip, "vip");
        requireNonNull(address, "address");
    }
}
