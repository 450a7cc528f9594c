package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

/**
 * A tenant endpoint in a VPC: its MAC, its addresses, its security groups and where it attaches
 * ({@code binding}, or null when it is learned by MAC at any edge port).
 */
public record Port(Meta meta, UUID vpcId, List<FixedIp> fixedIps, MacAddress macAddress,
                   List<UUID> securityGroups, boolean portSecurityEnabled,
                   List<AddressPair> allowedAddressPairs, Binding binding, String deviceId,
                   String deviceOwner, boolean adminStateUp, Status status) implements Resource {

    /** Data-plane state: DOWN until the data plane confirms the port. */
    public enum Status { DOWN, BUILD, ACTIVE }

    /** An address of the port in one of its VPC's subnets. */
    public record FixedIp(UUID subnetId, InetAddress ipAddress) {
        public FixedIp {
            requireNonNull(subnetId, "subnetId");
            requireNonNull(ipAddress, "ipAddress");
        }
    }

    /** Another address (or prefix) and MAC the port may send from. */
    public record AddressPair(IpPrefix ipAddress, MacAddress macAddress) {
        public AddressPair {
            requireNonNull(ipAddress, "ipAddress");
            requireNonNull(macAddress, "macAddress");
        }
    }

    /**
     * Where a port attaches: a switch port, or only a switch ({@code port} null: the port is learned
     * by its MAC, but only at an edge port of that switch; a hypervisor's bridge, as Neutron's
     * {@code binding:host_id} names it).
     */
    public record Binding(DeviceId dpid, PortNumber port) {
        public Binding {
            requireNonNull(dpid, "dpid");
        }

        /** Bound to a switch only; learned by MAC at one of its edge ports. */
        public static Binding onSwitch(DeviceId dpid) {
            return new Binding(dpid, null);
        }

        /** True when it names a switch port, false when it names only the switch. */
        public boolean hasPort() {
            return port != null;
        }
    }

    public Port {
        requireNonNull(meta, "meta");
        requireNonNull(vpcId, "vpcId");
        requireNonNull(macAddress, "macAddress");
        requireNonNull(deviceId, "deviceId");
        requireNonNull(deviceOwner, "deviceOwner");
        requireNonNull(status, "status");
        fixedIps = List.copyOf(fixedIps);
        securityGroups = List.copyOf(securityGroups);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
    }

    @Override
    public Port withMeta(Meta m) {
        return new Port(m, vpcId, fixedIps, macAddress, securityGroups, portSecurityEnabled, allowedAddressPairs, binding, deviceId, deviceOwner, adminStateUp, status);
    }

    /** The same port with another data-plane status, as a next revision at {@code now}. */
    public Port withStatus(Status s, java.time.Instant now) {
        return new Port(meta.touch(now), vpcId, fixedIps, macAddress, securityGroups, portSecurityEnabled,
                allowedAddressPairs, binding, deviceId, deviceOwner, adminStateUp, s);
    }

    /** The same port in other security groups, as a next revision at {@code now}. */
    public Port withSecurityGroups(List<UUID> groups, java.time.Instant now) {
        return new Port(meta.touch(now), vpcId, fixedIps, macAddress, groups, portSecurityEnabled,
                allowedAddressPairs, binding, deviceId, deviceOwner, adminStateUp, status);
    }

    @Override
    public ResourceType type() {
        return ResourceType.PORT;
    }
}
