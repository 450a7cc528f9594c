package io.skylane.vpc.pipeline;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.pipeline.PlacedIndex.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything a local port's own rules ({@link SegmentRules.PortPart}) are compiled from: the port's
 * forwarding fields (not its name, status or revision), its switch port and segment, and when
 * security groups are enforced, its groups' rules, the members of each remote group it expands
 * (those it matches through a conjunction are the VPC's address clauses, not its own rules) and
 * its conjunctions' ids. Equal inputs give equal rules, so a recompile of the VPC keeps the part.
 */
record PortInputs(UUID port, UUID vpc, int segment, PortNumber in, MacAddress mac, List<Ip4Address> ips,
                  boolean security, List<Port.AddressPair> pairs, List<UUID> groups, boolean acl,
                  List<List<SecurityGroupRule>> rules, List<List<Ip4Prefix>> remotes,
                  Map<AclConjunctions.Shape, Long> conjunctions) {

    /** The inputs of member {@code m}'s rules, with security groups {@code acl} (null: none) and plan {@code conj}. */
    static PortInputs of(Member m, SecurityGroups acl, AclConjunctions conj) {
        Port p = m.port();
        PortNumber in = m.location().port();
        boolean enforced = acl != null && p.portSecurityEnabled();
        List<List<SecurityGroupRule>> rules = List.of();
        List<List<Ip4Prefix>> remotes = List.of();
        Map<AclConjunctions.Shape, Long> ids = Map.of();
        if (enforced) {
            ids = conj.idsOf(in);
            rules = new ArrayList<>(p.securityGroups().size());
            remotes = new ArrayList<>();
            for (UUID g : p.securityGroups()) {
                List<SecurityGroupRule> of = acl.rules(g);
                rules.add(of);
                for (SecurityGroupRule r : of) {
                    if (r.remoteGroupId() != null && r.remoteIpPrefix() == null
                            && (ids.isEmpty() || !ids.containsKey(shape(r)))) {
                        remotes.add(acl.members(r.remoteGroupId(), m.vpc()));
                    }
                }
            }
        }
        return new PortInputs(p.id(), m.vpc(), m.segment(), in, p.macAddress(), m.ips(), p.portSecurityEnabled(),
                p.allowedAddressPairs(), p.securityGroups(), acl != null, rules, remotes, ids);
    }

    private static AclConjunctions.Shape shape(SecurityGroupRule r) {
        return new AclConjunctions.Shape(r.direction() == SecurityGroupRule.Direction.EGRESS, r.remoteGroupId(),
                AclCompiler.transport(r));
    }
}
