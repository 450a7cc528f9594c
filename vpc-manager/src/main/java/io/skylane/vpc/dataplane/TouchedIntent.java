package io.skylane.vpc.dataplane;

import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.store.Change;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What changed since the last recompute, so that only the switches it touches are recompiled. A
 * switch's tenant rules depend on the VPCs it hosts ports of (their ports, wherever they are; their
 * subnets' gateways; their load balancers' VIPs), on the rules of its ports' security groups (and on
 * the members, in the same VPC, of the groups those rules name as remote: ports of the VPC), on the
 * transport (the topology, the hypervisors and their tunnel ports), on the routers joining its VPCs
 * to others and those VPCs' ports, and on nothing else. So a port change (a learned binding too)
 * marks its VPCs, a security group rule change its group (the VPCs with a port in it), a router
 * change its subnets before and after (the recompute marks their VPCs, and every VPC joined to a
 * marked one); anything not tied to them (the topology, a device, a hypervisor) marks everything. Thread-safe: changes arrive on the store's and the device events' threads, the
 * recompute drains them on its own.
 */
final class TouchedIntent {

    /**
     * One drained batch: everything, or these VPCs, security groups (whose rules changed), ports
     * (those to place again) and subnets (of routers that changed: their VPCs are touched); and every
     * stored change since the last batch, in commit order, for the data plane's own index ({@link TenantState}).
     */
    record Batch(boolean everything, Set<UUID> vpcs, Set<UUID> groups, Set<UUID> ports, Set<UUID> routerSubnets,
                 List<Change> changes) {
    }

    private boolean everything = true; // the first recompute compiles everything
    private Set<UUID> vpcs = new HashSet<>();
    private Set<UUID> groups = new HashSet<>();
    private Set<UUID> ports = new HashSet<>();
    private Set<UUID> routerSubnets = new HashSet<>();
    private List<Change> changes = new ArrayList<>();

    /** Something not tied to a VPC changed. */
    synchronized void everything() {
        everything = true;
    }

    /** A stored change, whether or not the rules depend on it: the index follows every one. */
    synchronized void record(Change c) {
        changes.add(c);
    }

    /** A stored change of a resource the tenant rules depend on. */
    synchronized void changed(Change c) {
        for (Resource r : new Resource[] {c.before(), c.after()}) {
            if (r instanceof Port p) {
                vpcs.add(p.vpcId()); // its groups' members elsewhere are not its VPC's business
                ports.add(p.id());
            } else if (r instanceof Subnet s) {
                vpcs.add(s.vpcId());
            } else if (r instanceof LoadBalancer lb) {
                vpcs.add(lb.vpcId());
            } else if (r instanceof SecurityGroupRule rule) {
                groups.add(rule.securityGroupId());
            } else if (r instanceof Router router) {
                routerSubnets.addAll(router.subnetIds());
            } else if (r != null) {
                switch (r.type()) {
                    case VPC -> vpcs.add(r.id());
                    case SECURITY_GROUP -> groups.add(r.id());
                    default -> everything = true;
                }
            }
        }
    }

    /** A port was placed by where its MAC showed up (a learned binding). */
    synchronized void placed(Port p) {
        vpcs.add(p.vpcId());
        ports.add(p.id());
    }

    /** What changed since the last call, forgotten here. */
    synchronized Batch drain() {
        Batch b = new Batch(everything, vpcs, groups, ports, routerSubnets, changes);
        everything = false;
        vpcs = new HashSet<>();
        groups = new HashSet<>();
        ports = new HashSet<>();
        routerSubnets = new HashSet<>();
        changes = new ArrayList<>();
        return b;
    }

    /** True when no tenant rule can tell {@code a} from {@code b} (a status, name or tag change). */
    static boolean sameForwarding(Port a, Port b) {
        return a.vpcId().equals(b.vpcId()) && a.fixedIps().equals(b.fixedIps()) && a.macAddress().equals(b.macAddress())
                && a.portSecurityEnabled() == b.portSecurityEnabled()
                && a.allowedAddressPairs().equals(b.allowedAddressPairs())
                && java.util.Objects.equals(a.binding(), b.binding()) && a.adminStateUp() == b.adminStateUp()
                && a.securityGroups().equals(b.securityGroups());
    }

    /** True when the load balancer kept its VPC and VIP (all the tenant data plane reads of it). */
    static boolean sameAddress(LoadBalancer a, LoadBalancer b) {
        return a.vpcId().equals(b.vpcId()) && a.vipAddress().equals(b.vipAddress());
    }
}
