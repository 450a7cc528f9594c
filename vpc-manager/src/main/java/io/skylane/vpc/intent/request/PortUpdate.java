package io.skylane.vpc.intent.request;

import io.skylane.core.net.MacAddress;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

/**
 * The settings of a port, as given. On a create ({@link PortCreate}) absent {@code fixedIps} give
 * one address of the VPC's first IPv4 subnet, an absent MAC is allocated, absent security groups
 * are the tenant's default group (none without port security); a given {@code binding} of null
 * unbinds.
 */
public record PortUpdate(Common common, Given<List<FixedIp>> fixedIps, Given<MacAddress> macAddress,
                         Given<List<UUID>> securityGroups, Given<Boolean> portSecurityEnabled,
                         Given<List<AddressPair>> allowedAddressPairs, Given<Port.Binding> binding,
                         Given<String> deviceId, Given<String> deviceOwner, Given<Boolean> adminStateUp)
        implements UpdateRequest {

    /** An address asked for: a subnet (an address is allocated), an address (its subnet is found), or both. */
    public record FixedIp(UUID subnetId, InetAddress ipAddress) {
    }

    /** Another address or prefix the port may send from, with a MAC (null: the port's own). */
    public record AddressPair(IpPrefix ipAddress, MacAddress macAddress) {
        public AddressPair {
            java.util.Objects.requireNonNull(ipAddress, "ipAddress");
        }
    }

    /** Nothing given. */
    public static final PortUpdate NONE = new PortUpdate(Common.NONE, Given.absent(), Given.absent(), Given.absent(),
            Given.absent(), Given.absent(), Given.absent(), Given.absent(), Given.absent(), Given.absent());

    public PortUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(fixedIps, "fixedIps");
        java.util.Objects.requireNonNull(macAddress, "macAddress");
        java.util.Objects.requireNonNull(securityGroups, "securityGroups");
        java.util.Objects.requireNonNull(portSecurityEnabled, "portSecurityEnabled");
        java.util.Objects.requireNonNull(allowedAddressPairs, "allowedAddressPairs");
        java.util.Objects.requireNonNull(binding, "binding");
        java.util.Objects.requireNonNull(deviceId, "deviceId");
        java.util.Objects.requireNonNull(deviceOwner, "deviceOwner");
        java.util.Objects.requireNonNull(adminStateUp, "adminStateUp");
    }

    @Override
    public ResourceType type() {
        return ResourceType.PORT;
    }

    public PortUpdate withCommon(Common v) {
        return new PortUpdate(v, fixedIps, macAddress, securityGroups, portSecurityEnabled, allowedAddressPairs,
                binding, deviceId, deviceOwner, adminStateUp);
    }

    public PortUpdate withFixedIps(List<FixedIp> v) {
        return new PortUpdate(common, Given.of(v), macAddress, securityGroups, portSecurityEnabled,
                allowedAddressPairs, binding, deviceId, deviceOwner, adminStateUp);
    }

    public PortUpdate withMacAddress(MacAddress v) {
        return new PortUpdate(common, fixedIps, Given.of(v), securityGroups, portSecurityEnabled,
                allowedAddressPairs, binding, deviceId, deviceOwner, adminStateUp);
    }

    public PortUpdate withSecurityGroups(List<UUID> v) {
        return new PortUpdate(common, fixedIps, macAddress, Given.of(v), portSecurityEnabled,
                allowedAddressPairs, binding, deviceId, deviceOwner, adminStateUp);
    }

    public PortUpdate withPortSecurityEnabled(boolean v) {
        return new PortUpdate(common, fixedIps, macAddress, securityGroups, Given.of(v),
                allowedAddressPairs, binding, deviceId, deviceOwner, adminStateUp);
    }

    public PortUpdate withAllowedAddressPairs(List<AddressPair> v) {
        return new PortUpdate(common, fixedIps, macAddress, securityGroups, portSecurityEnabled,
                Given.of(v), binding, deviceId, deviceOwner, adminStateUp);
    }

    /** null: unbound. */
    public PortUpdate withBinding(Port.Binding v) {
        return new PortUpdate(common, fixedIps, macAddress, securityGroups, portSecurityEnabled,
                allowedAddressPairs, Given.of(v), deviceId, deviceOwner, adminStateUp);
    }

    public PortUpdate withDevice(String id, String owner) {
        return new PortUpdate(common, fixedIps, macAddress, securityGroups, portSecurityEnabled,
                allowedAddressPairs, binding, Given.of(id), Given.of(owner), adminStateUp);
    }

    public PortUpdate withAdminStateUp(boolean v) {
        return new PortUpdate(common, fixedIps, macAddress, securityGroups, portSecurityEnabled,
                allowedAddressPairs, binding, deviceId, deviceOwner, Given.of(v));
    }
}
