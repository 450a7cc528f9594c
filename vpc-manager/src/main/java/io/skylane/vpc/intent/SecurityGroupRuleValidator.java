package io.skylane.vpc.intent;

import static io.skylane.vpc.intent.CommonValidator.at;

import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.intent.request.SecurityGroupRuleCreate;
import io.skylane.vpc.intent.request.UpdateRequest;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentReader;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Security group rules, as Neutron defines them; rules are created and deleted, never changed. */
final class SecurityGroupRuleValidator implements ResourceValidator<SecurityGroupRuleCreate, UpdateRequest> {

    private final IntentContext ctx;

    SecurityGroupRuleValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(SecurityGroupRuleCreate request, UUID tenant) {
        UUID group = IntentContext.required(request.securityGroupId(), "security_group_id");
        ctx.reference(ResourceType.SECURITY_GROUP, group, tenant, "security_group_id");
        SecurityGroupRule r = rule(request.rule(), "", tenant, group, null);
        for (SecurityGroupRule other : rulesOf(ctx, group)) {
            if (other.sameAs(r)) {
                throw IntentException.conflict(null, "security group " + group + " already has this rule: " + other.id());
            }
        }
        return Change.created(r);
    }

    @Override
    public Resource update(UpdateRequest request, Resource old) {
        throw new IntentException(IntentException.Kind.INVALID,
                ResourceType.SECURITY_GROUP_RULE.plural() + " cannot be changed, only created and deleted", null);
    }

    /** The rules of a group, in id order. */
    static List<SecurityGroupRule> rulesOf(IntentContext ctx, UUID group) {
        return rulesOf(ctx.index, ctx.store, group);
    }

    /** The rules of a group as {@code state} (durable for readers, latest for writes) holds them, in id order. */
    static List<SecurityGroupRule> rulesOf(IntentIndex index, IntentReader state, UUID group) {
        return index.children(group, ResourceType.SECURITY_GROUP_RULE, state).stream()
                .map(r -> (SecurityGroupRule) r)
                .filter(r -> r.securityGroupId().equals(group))
                .sorted((a, b) -> a.id().toString().compareTo(b.id().toString()))
                .toList();
    }

    /**
     * A rule of group {@code groupId}; {@code path} is where the rule sits in the request ("" at the
     * top, {@code rules[2]} inside a new group); {@code selfGroup} is the group being created with
     * it (a remote_group_id may name it), or null.
     */
    SecurityGroupRule rule(RuleSpec spec, String path, UUID tenant, UUID groupId, UUID selfGroup) {
        Meta meta = CommonValidator.meta(spec.common(), path, UUID.randomUUID(), tenant, ctx.now());
        if (spec.direction() == null) {
            throw IntentException.invalid(at(path, "direction"), "is required (ingress or egress)");
        }
        String ethertype = spec.ethertype() == null ? SecurityGroupRule.IPV4 : spec.ethertype();
        if (!ethertype.equals(SecurityGroupRule.IPV4) && !ethertype.equals(SecurityGroupRule.IPV6)) {
            throw IntentException.invalid(at(path, "ethertype"), "must be IPv4 or IPv6, got \""
                    + CommonValidator.text(ethertype, at(path, "ethertype"), 16) + "\"");
        }
        String protocol = protocol(spec.protocol(), at(path, "protocol"), ethertype);
        ports(path, protocol, spec.portRangeMin(), spec.portRangeMax());
        IpPrefix remotePrefix = spec.remoteIpPrefix();
        UUID remoteGroup = spec.remoteGroupId();
        if (remotePrefix != null && remoteGroup != null) {
            throw IntentException.invalid(at(path, "remote_group_id"), "cannot be given together with remote_ip_prefix");
        }
        if (remotePrefix != null && remotePrefix.version() != (ethertype.equals(SecurityGroupRule.IPV4) ? 4 : 6)) {
            throw IntentException.invalid(at(path, "remote_ip_prefix"), remotePrefix + " does not match ethertype " + ethertype);
        }
        if (remoteGroup != null && !remoteGroup.equals(selfGroup)) {
            ctx.reference(ResourceType.SECURITY_GROUP, remoteGroup, tenant, at(path, "remote_group_id"));
        }
        return new SecurityGroupRule(meta, groupId, spec.direction(), ethertype, protocol, spec.portRangeMin(),
                spec.portRangeMax(), remotePrefix, remoteGroup);
    }

    /** The protocol in its stored form: null for any, a name, or a number 0..255 as text. */
    private static String protocol(String given, String path, String ethertype) {
        if (given == null) {
            return null;
        }
        String p = CommonValidator.text(given, path, 16).toLowerCase(Locale.ROOT);
        switch (p) {
            case "tcp":
            case "udp":
                return p;
            case "icmp":
                if (!ethertype.equals(SecurityGroupRule.IPV4)) {
                    throw IntentException.invalid(path, "icmp needs ethertype IPv4 (use icmpv6 for IPv6)");
                }
                return p;
            case "icmpv6":
                if (!ethertype.equals(SecurityGroupRule.IPV6)) {
                    throw IntentException.invalid(path, "icmpv6 needs ethertype IPv6");
                }
                return p;
            case "any":
                return null;
            default:
                if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                    throw IntentException.invalid(path, "must be tcp, udp, icmp, icmpv6, any or a number 0..255, got \"" + p + "\"");
                }
                return Integer.toString(Integer.parseInt(p));
        }
    }

    private static void ports(String path, String protocol, Integer min, Integer max) {
        String minPath = at(path, "port_range_min");
        String maxPath = at(path, "port_range_max");
        if (min != null && (min < 0 || min > 65535)) {
            throw IntentException.invalid(minPath, "must be 0..65535, got " + min);
        }
        if (max != null && (max < 0 || max > 65535)) {
            throw IntentException.invalid(maxPath, "must be 0..65535, got " + max);
        }
        boolean l4 = "tcp".equals(protocol) || "udp".equals(protocol) || "6".equals(protocol)
                || "17".equals(protocol) || "132".equals(protocol);
        boolean icmp = "icmp".equals(protocol) || "icmpv6".equals(protocol) || "1".equals(protocol) || "58".equals(protocol);
        if (l4) {
            if ((min == null) != (max == null)) {
                throw IntentException.invalid(min == null ? minPath : maxPath,
                        "is required when " + (min == null ? "port_range_max" : "port_range_min") + " is given");
            }
            if (min != null && min < 1) {
                throw IntentException.invalid(minPath, "must be 1..65535, got " + min);
            }
            if (min != null && min > max) {
                throw IntentException.invalid(minPath, "port_range_min " + min + " is greater than port_range_max " + max);
            }
        } else if (icmp) {
            if (min != null && min > 255) {
                throw IntentException.invalid(minPath, "is the ICMP type, 0..255, got " + min);
            }
            if (max != null && max > 255) {
                throw IntentException.invalid(maxPath, "is the ICMP code, 0..255, got " + max);
            }
            if (max != null && min == null) {
                throw IntentException.invalid(minPath, "is required (ICMP type) when the code is given");
            }
        } else if (min != null || max != null) {
            throw IntentException.invalid(min != null ? minPath : maxPath, "needs protocol tcp, udp or icmp");
        }
    }
}
