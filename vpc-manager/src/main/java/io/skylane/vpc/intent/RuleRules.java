package io.skylane.vpc.intent;

import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Validation of security group rules, as Neutron defines them. */
final class RuleRules {

    static final Set<String> FIELDS = Set.of("name", "description", "tags", "external_ids", "tenant_id",
            "security_group_id", "direction", "ethertype", "protocol", "port_range_min", "port_range_max",
            "remote_ip_prefix", "remote_group_id");
    /** The same, inside a group's {@code rules} list (the group is implied). */
    static final Set<String> NESTED_FIELDS = Set.of("name", "description", "tags", "external_ids", "direction",
            "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id");
    static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at", "revision");

    private RuleRules() {
    }

    /**
     * A rule of group {@code groupId} from {@code f}; {@code selfGroup} is the group being created
     * with it (a remote_group_id may name it), or null.
     */
    static SecurityGroupRule build(Fields f, Meta meta, UUID groupId, Lookup lookup, UUID selfGroup) {
        if (!f.hasValue("direction")) {
            throw IntentException.invalid(f.at("direction"), "is required (ingress or egress)");
        }
        String dir = Fields.text(f.raw("direction"), f.at("direction"), 16);
        Direction direction;
        if (dir.equals("ingress")) {
            direction = Direction.INGRESS;
        } else if (dir.equals("egress")) {
            direction = Direction.EGRESS;
        } else {
            throw IntentException.invalid(f.at("direction"), "must be ingress or egress, got \"" + dir + "\"");
        }
        String ethertype = f.text("ethertype", 8, SecurityGroupRule.IPV4);
        if (!ethertype.equals(SecurityGroupRule.IPV4) && !ethertype.equals(SecurityGroupRule.IPV6)) {
            throw IntentException.invalid(f.at("ethertype"), "must be IPv4 or IPv6, got \"" + ethertype + "\"");
        }
        String protocol = protocol(f, ethertype);
        Integer min = f.integer("port_range_min", 0, 65535, true);
        Integer max = f.integer("port_range_max", 0, 65535, true);
        ports(f, protocol, min, max);
        IpPrefix remotePrefix = f.hasValue("remote_ip_prefix")
                ? Fields.prefix(f.raw("remote_ip_prefix"), f.at("remote_ip_prefix")) : null;
        UUID remoteGroup = f.uuid("remote_group_id");
        if (remotePrefix != null && remoteGroup != null) {
            throw IntentException.invalid(f.at("remote_group_id"), "cannot be given together with remote_ip_prefix");
        }
        if (remotePrefix != null && remotePrefix.version() != (ethertype.equals(SecurityGroupRule.IPV4) ? 4 : 6)) {
            throw IntentException.invalid(f.at("remote_ip_prefix"), remotePrefix + " does not match ethertype " + ethertype);
        }
        if (remoteGroup != null && !remoteGroup.equals(selfGroup)) {
            lookup.reference(ResourceType.SECURITY_GROUP, remoteGroup, meta.tenantId(), f.at("remote_group_id"));
        }
        return new SecurityGroupRule(meta, groupId, direction, ethertype, protocol, min, max, remotePrefix, remoteGroup);
    }

    private static String protocol(Fields f, String ethertype) {
        if (!f.hasValue("protocol")) {
            return null;
        }
        String path = f.at("protocol");
        String p;
        if (f.raw("protocol").isIntegralNumber()) {
            p = Long.toString(Fields.integer(f.raw("protocol"), path, 0, 255));
        } else {
            p = Fields.text(f.raw("protocol"), path, 16).toLowerCase(Locale.ROOT);
        }
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

    private static void ports(Fields f, String protocol, Integer min, Integer max) {
        boolean l4 = "tcp".equals(protocol) || "udp".equals(protocol) || "6".equals(protocol)
                || "17".equals(protocol) || "132".equals(protocol);
        boolean icmp = "icmp".equals(protocol) || "icmpv6".equals(protocol) || "1".equals(protocol) || "58".equals(protocol);
        if (l4) {
            if ((min == null) != (max == null)) {
                throw IntentException.invalid(f.at(min == null ? "port_range_min" : "port_range_max"),
                        "is required when " + (min == null ? "port_range_max" : "port_range_min") + " is given");
            }
            if (min != null && min < 1) {
                throw IntentException.invalid(f.at("port_range_min"), "must be 1..65535, got " + min);
            }
            if (min != null && min > max) {
                throw IntentException.invalid(f.at("port_range_min"), "port_range_min " + min + " is greater than port_range_max " + max);
            }
        } else if (icmp) {
            if (min != null && min > 255) {
                throw IntentException.invalid(f.at("port_range_min"), "is the ICMP type, 0..255, got " + min);
            }
            if (max != null && max > 255) {
                throw IntentException.invalid(f.at("port_range_max"), "is the ICMP code, 0..255, got " + max);
            }
            if (max != null && min == null) {
                throw IntentException.invalid(f.at("port_range_min"), "is required (ICMP type) when the code is given");
            }
        } else if (min != null || max != null) {
            throw IntentException.invalid(f.at(min != null ? "port_range_min" : "port_range_max"),
                    "needs protocol tcp, udp or icmp");
        }
    }
}
