package io.skylane.vpc.pipeline;

import io.skylane.core.net.Ip4Prefix;
import io.skylane.vpc.model.SecurityGroupRule;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What security groups compile from: each group's rules, and each group's members' addresses (for
 * rules with a {@code remote_group_id}).
 */
public record Acl(Map<UUID, List<SecurityGroupRule>> rulesByGroup, Map<UUID, List<Ip4Prefix>> membersByGroup) {

    public Acl {
        rulesByGroup = Map.copyOf(rulesByGroup);
        membersByGroup = Map.copyOf(membersByGroup);
    }
}
