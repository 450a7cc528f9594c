package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.util.List;
import java.util.UUID;

/**
 * A new security group with its rules; absent rules give the default egress rules (any IPv4 and
 * any IPv6 out), an empty list none.
 */
public record SecurityGroupCreate(UUID tenantId, Common common, Given<List<RuleSpec>> rules)
        implements CreateRequest {

    public SecurityGroupCreate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(rules, "rules");
    }

    @Override
    public ResourceType type() {
        return ResourceType.SECURITY_GROUP;
    }
}
