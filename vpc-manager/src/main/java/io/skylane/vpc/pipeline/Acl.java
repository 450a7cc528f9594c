package io.skylane.vpc.pipeline;

import io.skylane.core.net.Ip4Prefix;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.SecurityGroupRule;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What security groups compile from: each group's rules, and each group's members' addresses VPC by
 * VPC (for rules with a {@code remote_group_id}): group id, then VPC id, then the addresses (with
 * routers, those of the VPC and of the subnets joined to it).
 */
public record Acl(Map<UUID, List<SecurityGroupRule>> rulesByGroup,
                  Map<UUID, Map<UUID, List<Ip4Prefix>>> membersByGroup) implements SecurityGroups {

    public Acl {
        rulesByGroup = Map.copyOf(rulesByGroup);
        membersByGroup = Map.copyOf(membersByGroup);
    }

    @Override
    public List<SecurityGroupRule> rules(UUID group) {
        return rulesByGroup.getOrDefault(group, List.of());
    }

    @Override
    public List<Ip4Prefix> members(UUID group, UUID vpc) {
        return membersByGroup.getOrDefault(group, Map.of()).getOrDefault(vpc, List.of());
    }

    /**
     * From the stored security group rules and ports: a group's members in a VPC are the IPv4 fixed
     * addresses of its ports in that VPC.
     */
    public static Acl from(Collection<Resource> rules, Collection<Resource> ports) {
        return from(rules, ports, Joins.NONE, List.of());
    }

    /**
     * As above, with routers: a group's members admitted in a VPC (of {@code vpcs}) are also its
     * members in subnets that {@code joins} joins to the VPC's ({@link Joins#withJoined}).
     */
    public static Acl from(Collection<Resource> rules, Collection<Resource> ports, Joins joins,
                           Collection<UUID> vpcs) {
        Map<UUID, List<SecurityGroupRule>> byGroup = new HashMap<>();
        for (Resource r : rules) {
            SecurityGroupRule rule = (SecurityGroupRule) r;
            byGroup.computeIfAbsent(rule.securityGroupId(), k -> new ArrayList<>()).add(rule);
        }
        Map<UUID, Map<UUID, List<Ip4Prefix>>> members = new HashMap<>();
        for (Resource r : ports) {
            Port p = (Port) r;
            for (UUID g : p.securityGroups()) {
                for (Port.FixedIp ip : p.fixedIps()) {
                    if (ip.ipAddress() instanceof Inet4Address) {
                        members.computeIfAbsent(g, k -> new HashMap<>()).computeIfAbsent(p.vpcId(),
                                k -> new ArrayList<>()).add(IpPrefix.host(ip.ipAddress()).toIp4Prefix());
                    }
                }
            }
        }
        if (!joins.isEmpty()) {
            for (Map.Entry<UUID, Map<UUID, List<Ip4Prefix>>> g : members.entrySet()) {
                Map<UUID, List<Ip4Prefix>> own = Map.copyOf(g.getValue());
                for (UUID v : vpcs) {
                    List<Ip4Prefix> all = Joins.withJoined(own.getOrDefault(v, List.of()), joins.from(v),
                            w -> own.getOrDefault(w, List.of()));
                    if (!all.isEmpty()) {
                        g.getValue().put(v, all);
                    }
                }
            }
        }
        return new Acl(byGroup, members);
    }
}
