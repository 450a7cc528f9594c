package io.skylane.vpc.pipeline;

import io.skylane.core.net.Ip4Prefix;
import io.skylane.vpc.model.SecurityGroupRule;
import java.util.List;
import java.util.UUID;

/**
 * What security groups compile from, looked up by group: its rules, and its members' addresses (for
 * rules naming it as {@code remote_group_id}), VPC by VPC. {@link Acl} is a snapshot of every group;
 * the tenant data plane keeps its own index up to date change by change.
 */
public interface SecurityGroups {

    /** The group's rules (empty for an unknown group). */
    List<SecurityGroupRule> rules(UUID group);

    /**
     * The IPv4 host prefixes of the group's members that are ports of VPC {@code vpc} (empty for an
     * unknown group), and where routers join subnets of other VPCs to the VPC's ({@link Joins}), its
     * members in those subnets. A remote group admits only these: addresses are per VPC (a tenant's
     * VPCs may overlap), no packet from another VPC reaches a port but through a router, and a
     * member's address in another VPC names, in this one, whichever port holds it.
     */
    List<Ip4Prefix> members(UUID group, UUID vpc);
}
