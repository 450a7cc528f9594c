package io.skylane.vpc.dataplane;

import io.skylane.core.net.DeviceId;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.pipeline.Acl;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.store.Change;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What changed since the last recompute, so that only the switches it touches are recompiled. A
 * switch's tenant rules depend on the VPCs it hosts ports of (their ports, wherever they are; their
 * subnets' gateways; their load balancers' VIPs), on the security groups of its ports (their rules
 * and the members of the groups those rules name as remote), on the transport (the topology, the
 * hypervisors and their tunnel ports) and on nothing else. So a change (a learned binding too)
 * marks VPCs and security groups; anything not tied to them (the topology, a device, a
 * hypervisor) marks everything. Thread-safe: changes arrive on the store's and the device events' threads, the
 * recompute drains them on its own.
 */
final class TouchedIntent {

    /** What a batch touches: the VPCs whose rules may change, and the switches that hold them. */
    record Scope(Set<UUID> vpcs, Set<DeviceId> switches) {
    }

    /** One drained batch: everything, or these VPCs and security groups. */
    record Batch(boolean everything, Set<UUID> vpcs, Set<UUID> groups) {

        /**
         * The VPCs to recompile: the touched ones, and those with a port whose security groups depend
         * on a touched group (the group itself, or a group whose rules name it as remote); and the
         * switches hosting, before or after, a port of one of them.
         */
        Scope scope(Collection<PlacedPort> before, Collection<PlacedPort> after, Collection<Resource> ports,
                    Acl acl) {
            Set<UUID> groups = new HashSet<>(this.groups);
            acl.rulesByGroup().forEach((g, rules) -> {
                for (SecurityGroupRule r : rules) {
                    if (r.remoteGroupId() != null && this.groups.contains(r.remoteGroupId())) {
                        groups.add(g);
                    }
                }
            });
            Set<UUID> vpcs = new HashSet<>(this.vpcs);
            if (!groups.isEmpty()) {
                for (Resource r : ports) {
                    Port p = (Port) r;
                    if (p.securityGroups().stream().anyMatch(groups::contains)) {
                        vpcs.add(p.vpcId());
                    }
                }
            }
            Set<DeviceId> out = new TreeSet<>();
            for (Collection<PlacedPort> placed : List.of(before, after)) {
                for (PlacedPort p : placed) {
                    if (vpcs.contains(p.port().vpcId())) {
                        out.add(p.location().deviceId());
                    }
                }
            }
            return new Scope(vpcs, out);
        }
    }

    private boolean everything = true; // the first recompute compiles everything
    private Set<UUID> vpcs = new HashSet<>();
    private Set<UUID> groups = new HashSet<>();

    /** Something not tied to a VPC changed. */
    synchronized void everything() {
        everything = true;
    }

    /** A stored change of a resource the tenant rules depend on. */
    synchronized void changed(Change c) {
        for (Resource r : new Resource[] {c.before(), c.after()}) {
            if (r instanceof Port p) {
                vpcs.add(p.vpcId());
                groups.addAll(p.securityGroups());
            } else if (r instanceof Subnet s) {
                vpcs.add(s.vpcId());
            } else if (r instanceof LoadBalancer lb) {
                vpcs.add(lb.vpcId());
            } else if (r instanceof SecurityGroupRule rule) {
                groups.add(rule.securityGroupId());
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
        groups.addAll(p.securityGroups());
    }

    /** What changed since the last call, forgotten here. */
    synchronized Batch drain() {
        Batch b = new Batch(everything, vpcs, groups);
        everything = false;
        vpcs = new HashSet<>();
        groups = new HashSet<>();
        return b;
    }
}
