package io.skylane.vpc.intent;

import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Set;
import java.util.UUID;

/**
 * The addresses of a subnet that ports and load balancer VIPs take: one that is asked for must be
 * a host address of the subnet, not its gateway and not held by anything else; one that is not is
 * the first free address of the subnet's allocation pools.
 */
final class SubnetAddresses {

    private final IntentContext ctx;

    SubnetAddresses(IntentContext ctx) {
        this.ctx = ctx;
    }

    /** Refuses {@code ip} for a resource ({@code self}, null when new) unless it may hold it in {@code s}. */
    void check(Subnet s, InetAddress ip, UUID self, String path) {
        if (!s.cidr().contains(ip)) {
            throw IntentException.invalid(path, IpAddresses.format(ip) + " is outside subnet " + s.cidr());
        }
        if (SubnetValidator.reserved(s.cidr(), ip)) {
            throw IntentException.invalid(path, IpAddresses.format(ip) + " is the network or broadcast address of " + s.cidr());
        }
        if (ip.equals(s.gatewayIp())) {
            throw IntentException.conflict(path, IpAddresses.format(ip) + " is the gateway of subnet " + s.id());
        }
        UUID owner = ctx.index.ipOwner(s.id(), ip);
        if (owner != null && !owner.equals(self)) {
            throw IntentException.conflict(path, IpAddresses.format(ip) + " is already used by " + holder(owner));
        }
    }

    /**
     * The first free address of the subnet's pools (in their order, each from its start), none of
     * {@code taken}. Each pool's scan starts at its allocation floor ({@link IntentIndex}), below
     * which every address is known to be held, and leaves the floor at the first address it found
     * not held: filling a subnet costs a step or two per port instead of a walk over every port
     * before it, and an address freed by a delete lowers the floor, so it is the next one taken.
     */
    InetAddress allocate(Subnet s, Set<InetAddress> taken, String path) {
        for (Subnet.AllocationPool p : s.allocationPools()) {
            BigInteger start = IpAddresses.toBig(p.start());
            BigInteger end = IpAddresses.toBig(p.end());
            BigInteger firstNotHeld = null;
            for (BigInteger v = ctx.index.allocationFloor(s.id(), start).max(start); v.compareTo(end) <= 0;
                 v = v.add(BigInteger.ONE)) {
                InetAddress a = IpAddresses.fromBig(v, s.ipVersion());
                if (ctx.index.ipOwner(s.id(), a) != null || a.equals(s.gatewayIp())) {
                    continue;
                }
                if (firstNotHeld == null) {
                    firstNotHeld = v;
                }
                if (!taken.contains(a)) {
                    ctx.index.allocationFloor(s.id(), start, firstNotHeld);
                    return a;
                }
            }
            ctx.index.allocationFloor(s.id(), start, firstNotHeld == null ? end.add(BigInteger.ONE) : firstNotHeld);
        }
        throw IntentException.conflict(path, "subnet " + s.id() + " (" + s.cidr() + ") has no free address left");
    }

    /** What holds an address: {@code port <id>} or {@code load balancer <id>} (its VIP). */
    String holder(UUID id) {
        return ctx.store.get(ResourceType.LOAD_BALANCER, id) instanceof LoadBalancer ? "load balancer " + id
                : "port " + id;
    }
}
