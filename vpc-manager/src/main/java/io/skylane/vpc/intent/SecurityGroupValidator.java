package io.skylane.vpc.intent;

import static io.skylane.vpc.intent.CommonValidator.at;

import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.intent.request.SecurityGroupCreate;
import io.skylane.vpc.intent.request.SecurityGroupUpdate;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.SecurityGroup;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.store.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Security groups, created with their rules (by default: anything out). The name "default" belongs
 * to the group every tenant gets with its creation: no other group may take it, and that one keeps it.
 */
final class SecurityGroupValidator implements ResourceValidator<SecurityGroupCreate, SecurityGroupUpdate> {

    static final int MAX_RULES = 256;

    private final IntentContext ctx;
    private final SecurityGroupRuleValidator rules;

    SecurityGroupValidator(IntentContext ctx, SecurityGroupRuleValidator rules) {
        this.ctx = ctx;
        this.rules = rules;
    }

    @Override
    public List<Change> create(SecurityGroupCreate request, UUID tenant) {
        if (SecurityGroup.DEFAULT_NAME.equals(request.common().name().or(""))) {
            throw IntentException.conflict("name", "\"default\" is reserved for the tenant's default group");
        }
        SecurityGroup g = new SecurityGroup(ctx.meta(request.common(), UUID.randomUUID(), tenant));
        List<Resource> out = new ArrayList<>();
        out.add(g);
        List<SecurityGroupRule> made = new ArrayList<>();
        if (!request.rules().present()) {
            made.add(anyRule(tenant, g.id(), Direction.EGRESS, SecurityGroupRule.IPV4, null));
            made.add(anyRule(tenant, g.id(), Direction.EGRESS, SecurityGroupRule.IPV6, null));
        } else {
            List<RuleSpec> specs = CommonValidator.atMost(request.rules().value(), "rules", MAX_RULES);
            for (int i = 0; i < specs.size(); i++) {
                String path = at("rules", i);
                SecurityGroupRule r = rules.rule(specs.get(i), path, tenant, g.id(), g.id());
                for (SecurityGroupRule other : made) {
                    if (other.sameAs(r)) {
                        throw IntentException.invalid(path, "repeats rule " + at("rules", made.indexOf(other)));
                    }
                }
                made.add(r);
            }
        }
        out.addAll(made);
        return out.stream().map(Change::create).toList();
    }

    @Override
    public Resource update(SecurityGroupUpdate request, Resource old) {
        boolean isDefault = old.meta().name().equals(SecurityGroup.DEFAULT_NAME);
        String name = request.common().name().or(old.meta().name());
        if (isDefault && !SecurityGroup.DEFAULT_NAME.equals(name)) {
            throw IntentException.conflict("name", "the default security group cannot be renamed");
        }
        if (!isDefault && SecurityGroup.DEFAULT_NAME.equals(name)) {
            throw IntentException.conflict("name", "\"default\" is reserved for the tenant's default group");
        }
        return new SecurityGroup(ctx.nextMeta(request.common(), old));
    }

    /** A tenant's default group: anything out, and anything in from the group's own members. */
    List<Resource> defaultGroup(UUID tenant) {
        UUID gid = UUID.randomUUID();
        List<Resource> out = new ArrayList<>();
        out.add(new SecurityGroup(Meta.created(gid, tenant, SecurityGroup.DEFAULT_NAME, "Default security group",
                ctx.now(), List.of(), Map.of())));
        for (String eth : List.of(SecurityGroupRule.IPV4, SecurityGroupRule.IPV6)) {
            out.add(anyRule(tenant, gid, Direction.EGRESS, eth, null));
            out.add(anyRule(tenant, gid, Direction.INGRESS, eth, gid));
        }
        return out;
    }

    private SecurityGroupRule anyRule(UUID tenant, UUID group, Direction d, String eth, UUID remoteGroup) {
        return new SecurityGroupRule(Meta.created(UUID.randomUUID(), tenant, "", "", ctx.now(), List.of(), Map.of()),
                group, d, eth, null, null, null, null, remoteGroup);
    }
}
