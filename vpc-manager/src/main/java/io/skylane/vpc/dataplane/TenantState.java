package io.skylane.vpc.dataplane;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Joins;
import io.skylane.vpc.pipeline.SecurityGroups;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentReader;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The intent the tenant rules compile from, indexed the way the compile reads it (ports by VPC and
 * by security group, subnets and load balancers by VPC, rules by group, what routers join) and kept up to date change
 * by change, so that a recompute reads what its change touches instead of every resource in the
 * store. Built once from the store ({@link #rebuild}), then {@link #apply}: the store tells its
 * listeners every commit in commit order, and applying a change sets each resource to its
 * {@code after}, so replaying changes the build already saw converges on the store's state.
 * Changed by the recompute thread only; read, as {@link SecurityGroups} and {@link #answered}, by
 * the compile's threads too while the recompute thread waits for them (its caches are concurrent).
 */
final class TenantState implements SecurityGroups {

    private final Map<UUID, Vpc> vpcs = new HashMap<>();
    private final Map<UUID, Port> ports = new HashMap<>();
    private final Map<UUID, Map<UUID, Port>> portsByVpc = new HashMap<>();
    private final Map<UUID, Map<UUID, Subnet>> subnetsByVpc = new HashMap<>();
    private final Map<UUID, Map<UUID, LoadBalancer>> lbsByVpc = new HashMap<>();
    private final Map<UUID, Map<UUID, SecurityGroupRule>> rulesByGroup = new HashMap<>();
    /** The ports in each group, VPC by VPC, in id order (a group's members are listed in that order). */
    private final Map<UUID, Map<UUID, Map<UUID, Port>>> portsByGroup = new HashMap<>();
    /** Each group's rules as a list; concurrent, as the next: the compile's threads fill them. */
    private final Map<UUID, List<SecurityGroupRule>> rulesCache = new ConcurrentHashMap<>();
    /** Per group, per VPC: its members' addresses there. */
    private final Map<UUID, Map<UUID, List<Ip4Prefix>>> membersCache = new ConcurrentHashMap<>();
    private final Map<UUID, Subnet> subnets = new HashMap<>();
    private final Map<UUID, Router> routers = new TreeMap<>();
    /** What the routers join, computed again after a router, subnet or VPC change; null: to compute. */
    private volatile Joins joins = Joins.NONE;

    /** Everything from the store's current state. */
    void rebuild(IntentReader store) {
        for (Map<?, ?> m : List.of(vpcs, ports, portsByVpc, subnetsByVpc, lbsByVpc, rulesByGroup, portsByGroup,
                rulesCache, membersCache, subnets, routers)) {
            m.clear();
        }
        joins = null;
        for (ResourceType t : List.of(ResourceType.VPC, ResourceType.SUBNET, ResourceType.PORT,
                ResourceType.LOAD_BALANCER, ResourceType.SECURITY_GROUP_RULE, ResourceType.ROUTER)) {
            store.all(t).forEach(this::add);
        }
    }

    /** One stored change (of any type: those the tenant rules do not read are ignored). */
    void apply(Change c) {
        if (c.before() != null) {
            remove(c.before());
        }
        if (c.after() != null) {
            add(c.after());
        }
    }

    private void add(Resource r) {
        routersChanged(r);
        if (r instanceof Router router) {
            routers.put(router.id(), router);
        } else if (r instanceof Vpc v) {
            vpcs.put(v.id(), v);
        } else if (r instanceof Port p) {
            unindex(ports.get(p.id())); // a change replayed over the build: the counts stay right
            ports.put(p.id(), p);
            portsByVpc.computeIfAbsent(p.vpcId(), k -> new TreeMap<>()).put(p.id(), p);
            for (UUID g : p.securityGroups()) {
                portsByGroup.computeIfAbsent(g, k -> new HashMap<>()).computeIfAbsent(p.vpcId(), k -> new TreeMap<>())
                        .put(p.id(), p);
                forgetMembers(g, p.vpcId());
            }
        } else if (r instanceof Subnet s) {
            subnetsByVpc.computeIfAbsent(s.vpcId(), k -> new TreeMap<>()).put(s.id(), s);
            subnets.put(s.id(), s);
        } else if (r instanceof LoadBalancer lb) {
            lbsByVpc.computeIfAbsent(lb.vpcId(), k -> new TreeMap<>()).put(lb.id(), lb);
        } else if (r instanceof SecurityGroupRule rule) {
            unindex(storedRule(rule));
            rulesByGroup.computeIfAbsent(rule.securityGroupId(), k -> new TreeMap<>()).put(rule.id(), rule);
            rulesCache.remove(rule.securityGroupId());
        }
    }

    private void remove(Resource r) {
        routersChanged(r);
        if (r instanceof Router router) {
            routers.remove(router.id());
        } else if (r instanceof Vpc v) {
            vpcs.remove(v.id());
        } else if (r instanceof Port p) {
            unindex(ports.get(p.id()));
        } else if (r instanceof Subnet s) {
            removeFrom(subnetsByVpc, s.vpcId(), s.id());
            subnets.remove(s.id());
        } else if (r instanceof LoadBalancer lb) {
            removeFrom(lbsByVpc, lb.vpcId(), lb.id());
        } else if (r instanceof SecurityGroupRule rule) {
            unindex(storedRule(rule));
        }
    }

    /**
     * What routers join is computed again after a router, subnet or VPC change, and so are the remote
     * groups' members (they include joined subnets' members) where there are routers.
     */
    private void routersChanged(Resource r) {
        if (r instanceof Vpc || r instanceof Subnet || r instanceof Router) {
            joins = null;
            if (r instanceof Router || !routers.isEmpty()) {
                membersCache.clear();
            }
        }
    }

    /**
     * Takes out a port or rule as this state holds it (not as a change's {@code before} says it
     * was: a change the build already saw is replayed over it), with its counts; null: nothing.
     */
    private void unindex(Resource held) {
        if (held instanceof Port p) {
            ports.remove(p.id());
            removeFrom(portsByVpc, p.vpcId(), p.id());
            for (UUID g : p.securityGroups()) {
                Map<UUID, Map<UUID, Port>> byVpc = portsByGroup.get(g);
                if (byVpc != null) {
                    removeFrom(byVpc, p.vpcId(), p.id());
                    if (byVpc.isEmpty()) {
                        portsByGroup.remove(g);
                    }
                }
                forgetMembers(g, p.vpcId());
            }
        } else if (held instanceof SecurityGroupRule rule) {
            removeFrom(rulesByGroup, rule.securityGroupId(), rule.id());
            rulesCache.remove(rule.securityGroupId());
        }
    }

    /** The group's members as seen from {@code vpc} and from the VPCs joined to it change. */
    private void forgetMembers(UUID group, UUID vpc) {
        Map<UUID, List<Ip4Prefix>> byVpc = membersCache.get(group);
        if (byVpc != null) {
            byVpc.remove(vpc);
            joins().from(vpc).forEach(j -> byVpc.remove(j.vpc()));
        }
    }

    private SecurityGroupRule storedRule(SecurityGroupRule rule) {
        Map<UUID, SecurityGroupRule> m = rulesByGroup.get(rule.securityGroupId());
        return m == null ? null : m.get(rule.id());
    }

    private static <V> void removeFrom(Map<UUID, Map<UUID, V>> index, UUID key, UUID id) {
        Map<UUID, V> m = index.get(key);
        if (m != null) {
            m.remove(id);
            if (m.isEmpty()) {
                index.remove(key);
            }
        }
    }

    /** The VPCs by id (a read-only live view). */
    Map<UUID, Vpc> vpcs() {
        return Collections.unmodifiableMap(vpcs);
    }

    /** The port, or null. */
    Port port(UUID id) {
        return ports.get(id);
    }

    /** Every port (a read-only live view). */
    Collection<Port> ports() {
        return Collections.unmodifiableCollection(ports.values());
    }

    Collection<Port> portsOf(UUID vpc) {
        Map<UUID, Port> m = portsByVpc.get(vpc);
        return m == null ? List.of() : Collections.unmodifiableCollection(m.values());
    }

    /** Every subnet, VPC by VPC. */
    List<Subnet> subnets() {
        List<Subnet> out = new ArrayList<>();
        subnetsByVpc.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    /** Every load balancer, VPC by VPC. */
    List<LoadBalancer> loadBalancers() {
        List<LoadBalancer> out = new ArrayList<>();
        lbsByVpc.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    Collection<Subnet> subnetsOf(UUID vpc) {
        Map<UUID, Subnet> m = subnetsByVpc.get(vpc);
        return m == null ? List.of() : Collections.unmodifiableCollection(m.values());
    }

    Collection<LoadBalancer> loadBalancersOf(UUID vpc) {
        Map<UUID, LoadBalancer> m = lbsByVpc.get(vpc);
        return m == null ? List.of() : Collections.unmodifiableCollection(m.values());
    }

    /**
     * The IPv4 addresses the controller answers pings for in a VPC: its subnets' gateways, then its
     * load balancers' VIPs.
     */
    List<Ip4Address> answered(UUID vpc) {
        List<Ip4Address> out = new ArrayList<>();
        for (Subnet s : subnetsOf(vpc)) {
            if (s.gatewayIp() instanceof Inet4Address) {
                out.add(IpAddresses.ip4(s.gatewayIp()));
            }
        }
        for (LoadBalancer lb : loadBalancersOf(vpc)) {
            out.add(IpAddresses.ip4(lb.vipAddress()));
        }
        return out;
    }

    @Override
    public List<SecurityGroupRule> rules(UUID group) {
        return rulesCache.computeIfAbsent(group, g -> {
            Map<UUID, SecurityGroupRule> m = rulesByGroup.get(g);
            return m == null ? List.of() : List.copyOf(m.values());
        });
    }

    @Override
    public List<Ip4Prefix> members(UUID group, UUID vpc) {
        Map<UUID, List<Ip4Prefix>> byVpc = membersCache.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        List<Ip4Prefix> held = byVpc.get(vpc);
        if (held == null) {
            held = Joins.withJoined(ownMembers(group, vpc), joins().from(vpc), v -> ownMembers(group, v));
            List<Ip4Prefix> first = byVpc.putIfAbsent(vpc, held);
            if (first != null) {
                held = first; // another thread's, equal: one list per group and VPC, as on one thread
            }
        }
        return held;
    }

    /** The group's members that are ports of {@code vpc}. */
    private List<Ip4Prefix> ownMembers(UUID group, UUID vpc) {
        List<Ip4Prefix> out = new ArrayList<>();
        for (Port p : portsByGroup.getOrDefault(group, Map.of()).getOrDefault(vpc, Map.of()).values()) {
            for (Port.FixedIp ip : p.fixedIps()) {
                if (ip.ipAddress() instanceof Inet4Address) {
                    out.add(IpPrefix.host(ip.ipAddress()).toIp4Prefix());
                }
            }
        }
        return List.copyOf(out);
    }

    /** What the routers join now ({@link Joins#NONE} without routers). */
    Joins joins() {
        Joins j = joins;
        if (j == null) {
            j = Joins.of(routers.values(), subnets::get, vpcs::get);
            joins = j;
        }
        return j;
    }

    /**
     * The VPCs whose rules depend on those of {@code these}, through routers: the VPCs joined to one
     * of them (a port change of one of these changes the routes of those into it). Empty without routers.
     */
    Set<UUID> joinedTo(Set<UUID> these) {
        Joins j = joins();
        if (j.isEmpty()) {
            return Set.of();
        }
        Set<UUID> out = new HashSet<>();
        for (UUID v : these) {
            j.from(v).forEach(join -> out.add(join.vpc()));
        }
        return out;
    }

    /** The segments of those of {@code these} VPCs that exist. */
    Set<Integer> segments(Set<UUID> these) {
        Set<Integer> out = new HashSet<>();
        for (UUID v : these) {
            Vpc vpc = vpcs.get(v);
            if (vpc != null) {
                out.add(vpc.segmentId());
            }
        }
        return out;
    }

    /** The VPCs of those of {@code subnetIds} that exist. */
    Set<UUID> vpcsOfSubnets(Set<UUID> subnetIds) {
        Set<UUID> out = new HashSet<>();
        for (UUID id : subnetIds) {
            Subnet s = subnets.get(id);
            if (s != null) {
                out.add(s.vpcId());
            }
        }
        return out;
    }

    /**
     * The VPCs whose rules depend on the rules of the groups {@code groups}: those with a port in one
     * of them. (A group's members matter, as a remote group, only to the ports of their own VPC:
     * a port change marks its VPC, nothing else.)
     */
    Set<UUID> vpcsDependingOn(Set<UUID> groups) {
        Set<UUID> out = new HashSet<>();
        for (UUID g : groups) {
            out.addAll(portsByGroup.getOrDefault(g, Map.of()).keySet()); // not every port of the group
        }
        return out;
    }
}
