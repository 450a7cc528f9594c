package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import java.util.UUID;

/**
 * What a security group rule allows, as asked: every field but {@code direction} may be null
 * (absent). {@code protocol} is as given (a name, or a number as text); {@code ethertype} null is
 * IPv4. The validator checks them together, as Neutron does.
 */
public record RuleSpec(Common common, Direction direction, String ethertype, String protocol,
                       Integer portRangeMin, Integer portRangeMax, IpPrefix remoteIpPrefix, UUID remoteGroupId) {

    public RuleSpec {
        java.util.Objects.requireNonNull(common, "common");
    }

    /** Any traffic in one direction, IPv4. */
    public static RuleSpec any(Direction direction) {
        return new RuleSpec(Common.NONE, direction, null, null, null, null, null, null);
    }

    public RuleSpec withEthertype(String v) {
        return new RuleSpec(common, direction, v, protocol, portRangeMin, portRangeMax, remoteIpPrefix, remoteGroupId);
    }

    public RuleSpec withProtocol(String v) {
        return new RuleSpec(common, direction, ethertype, v, portRangeMin, portRangeMax, remoteIpPrefix, remoteGroupId);
    }

    public RuleSpec withPorts(Integer min, Integer max) {
        return new RuleSpec(common, direction, ethertype, protocol, min, max, remoteIpPrefix, remoteGroupId);
    }

    public RuleSpec withRemoteIpPrefix(IpPrefix v) {
        return new RuleSpec(common, direction, ethertype, protocol, portRangeMin, portRangeMax, v, remoteGroupId);
    }

    public RuleSpec withRemoteGroupId(UUID v) {
        return new RuleSpec(common, direction, ethertype, protocol, portRangeMin, portRangeMax, remoteIpPrefix, v);
    }
}
