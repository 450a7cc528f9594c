package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/** A new rule in an existing security group (rules are created and deleted, never changed). */
public record SecurityGroupRuleCreate(UUID tenantId, UUID securityGroupId, RuleSpec rule) implements CreateRequest {

    public SecurityGroupRuleCreate {
        java.util.Objects.requireNonNull(rule, "rule");
    }

    @Override
    public ResourceType type() {
        return ResourceType.SECURITY_GROUP_RULE;
    }
}
