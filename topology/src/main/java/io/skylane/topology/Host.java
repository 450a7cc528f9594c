package io.skylane.topology;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import java.time.Instant;
import java.util.Set;

/**
 * An end host seen at an edge port.
 *
 * @param mac       its MAC address (with the VLAN, its identity)
 * @param vlan      its VLAN, {@link VlanId#NONE} if untagged
 * @param ips       the IPv4 addresses it used as a source
 * @param location  the edge port it was last seen at
 * @param firstSeen when it was first seen
 * @param lastSeen  when it was last seen
 */
public record Host(MacAddress mac, VlanId vlan, Set<Ip4Address> ips, ConnectPoint location, Instant firstSeen,
                   Instant lastSeen) {

    public Host {
        checkNotNull(mac, "mac");
        checkNotNull(vlan, "vlan");
        ips = ImmutableSortedSet.copyOf(checkNotNull(ips, "ips"));
        checkNotNull(location, "location");
        checkNotNull(firstSeen, "firstSeen");
        checkNotNull(lastSeen, "lastSeen");
    }

    public HostId id() {
        return new HostId(mac, vlan);
    }

    /** A host is identified by its MAC and VLAN. */
    public record HostId(MacAddress mac, VlanId vlan) {
        public HostId {
            checkNotNull(mac, "mac");
            checkNotNull(vlan, "vlan");
        }

        @Override
        public String toString() {
            return vlan.isNone() ? mac.toString() : mac + "/" + vlan;
        }
    }
}
