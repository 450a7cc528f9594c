package io.skylane.vpc.pipeline;

import io.skylane.core.net.Ip4Prefix;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * What routers join, looked up by VPC: the {@link Join}s from each VPC's subnets into other VPCs'.
 * Only subnets on one router are joined, each pair both ways, and routers do not chain (a VPC on
 * two routers reaches each router's other subnets, never one router's through the other's). Within
 * one VPC a router changes nothing (the VPC routes its own subnets already). {@link #of} computes
 * the joins of a set of routers; the tenant data plane keeps them up to date change by change.
 */
public interface Joins {

    /** No router at all. */
    Joins NONE = new Joins() {
        @Override
        public List<Join> from(UUID vpc) {
            return List.of();
        }

        @Override
        public boolean isEmpty() {
            return true;
        }
    };

    /** The joins from {@code vpc}'s subnets into other VPCs, sorted (empty when none). */
    List<Join> from(UUID vpc);

    /** Whether no VPC has any join (a cloud without routers: the compile skips looking). */
    boolean isEmpty();

    /**
     * The members of a remote group that a port of {@code vpc} admits: the group's members in the VPC
     * ({@code own}), then those of each VPC joined to it whose addresses are in a joined subnet
     * ({@code membersIn}: a VPC's own members of the group), each address once. Neutron's remote groups
     * span networks; here they span the subnets routers join. {@code own} itself without joins.
     */
    static List<Ip4Prefix> withJoined(List<Ip4Prefix> own, List<Join> joins, Function<UUID, List<Ip4Prefix>> membersIn) {
        if (joins.isEmpty()) {
            return own;
        }
        Set<Ip4Prefix> out = new LinkedHashSet<>(own);
        for (Join j : joins) {
            for (Ip4Prefix m : membersIn.apply(j.vpc())) {
                if (j.destination().contains(m)) {
                    out.add(m);
                }
            }
        }
        return out.size() == own.size() ? own : List.copyOf(out);
    }

    /** The joins of these routers, as a snapshot; subnets or VPCs that do not exist are left out. */
    static Joins of(Collection<Router> routers, Function<UUID, Subnet> subnets, Function<UUID, Vpc> vpcs) {
        Map<UUID, List<Join>> byVpc = byVpc(routers, subnets, vpcs);
        if (byVpc.isEmpty()) {
            return NONE;
        }
        return new Joins() {
            @Override
            public List<Join> from(UUID vpc) {
                return byVpc.getOrDefault(vpc, List.of());
            }

            @Override
            public boolean isEmpty() {
                return false;
            }
        };
    }

    /**
     * The joins of these routers by sending VPC: for each router, each ordered pair of its IPv4
     * subnets in different VPCs. A VPC without a join is not a key.
     */
    static Map<UUID, List<Join>> byVpc(Collection<Router> routers, Function<UUID, Subnet> subnets,
                                       Function<UUID, Vpc> vpcs) {
        Map<UUID, TreeSet<Join>> sorted = new HashMap<>();
        for (Router r : routers) {
            List<Subnet> on = new ArrayList<>();
            for (UUID id : r.subnetIds()) {
                Subnet s = subnets.apply(id);
                if (s != null && s.cidr().version() == 4 && vpcs.apply(s.vpcId()) != null) {
                    on.add(s);
                }
            }
            for (Subnet from : on) {
                for (Subnet to : on) {
                    if (!from.vpcId().equals(to.vpcId())) {
                        sorted.computeIfAbsent(from.vpcId(), k -> new TreeSet<>()).add(new Join(
                                from.cidr().toIp4Prefix(), to.vpcId(), vpcs.apply(to.vpcId()).segmentId(),
                                to.cidr().toIp4Prefix()));
                    }
                }
            }
        }
        Map<UUID, List<Join>> out = new HashMap<>();
        sorted.forEach((v, joins) -> out.put(v, List.copyOf(joins)));
        return out;
    }
}
