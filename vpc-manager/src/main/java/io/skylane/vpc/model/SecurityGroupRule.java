package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * One allow rule of a security group. {@code protocol} is null for any protocol, else
 * {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or a number 0..255 as text; the port range
 * holds ICMP type and code for ICMP. At most one of {@code remoteIpPrefix} and
 * {@code remoteGroupId} is set.
 */
public record SecurityGroupRule(Meta meta, UUID securityGroupId, Direction direction, String ethertype,
                                String protocol, Integer portRangeMin, Integer portRangeMax,
                                IpPrefix remoteIpPrefix, UUID remoteGroupId) implements Resource {

    /** Traffic into the port ({@code ingress}) or out of it ({@code egress}). */
    public enum Direction {
        INGRESS, EGRESS;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final String IPV4 = "IPv4";
    public static final String IPV6 = "IPv6";

    public SecurityGroupRule {
        requireNonNull(meta, "meta");
        requireNonNull(securityGroupId, "securityGroupId");
        requireNonNull(direction, "direction");
        requireNonNull(ethertype, "ethertype");
    }

    @Override
    public SecurityGroupRule withMeta(Meta m) {
        return new SecurityGroupRule(m, securityGroupId, direction, ethertype, protocol, portRangeMin, portRangeMax, remoteIpPrefix, remoteGroupId);
    }

    @Override
    public ResourceType type() {
        return ResourceType.SECURITY_GROUP_RULE;
    }

    /** True when both rules allow the same traffic (everything but the common fields equal). */
    public boolean sameAs(SecurityGroupRule o) {
        return securityGroupId.equals(o.securityGroupId) && direction == o.direction
                && ethertype.equals(o.ethertype) && java.util.Objects.equals(protocol, o.protocol)
                && java.util.Objects.equals(portRangeMin, o.portRangeMin)
                && java.util.Objects.equals(portRangeMax, o.portRangeMax)
                && java.util.Objects.equals(remoteIpPrefix, o.remoteIpPrefix)
                && java.util.Objects.equals(remoteGroupId, o.remoteGroupId);
    }
}
