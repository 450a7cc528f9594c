package io.skylane.vpc.dataplane.dhcp;

import static java.util.Objects.requireNonNull;

import io.skylane.core.net.Ip4Address;
import java.util.List;
import java.util.Optional;

/**
 * What the controller tells one port's DHCP client: its address and the configuration of its subnet.
 *
 * @param address      the port's fixed IP
 * @param prefixLength the subnet's prefix length (option 1)
 * @param serverId     the server identifier (option 54) and source address of the answers
 * @param router       the subnet's gateway (option 3), if it has one
 * @param dns          the subnet's DNS servers (option 6), maybe none
 * @param mtu          the interface MTU (option 26)
 * @param leaseSeconds the lease time (option 51); renewal at 1/2, rebinding at 7/8 of it
 */
public record DhcpLease(Ip4Address address, int prefixLength, Ip4Address serverId, Optional<Ip4Address> router,
                        List<Ip4Address> dns, int mtu, int leaseSeconds) {

    public DhcpLease {
        requireNonNull(address, "address");
        requireNonNull(serverId, "serverId");
        requireNonNull(router, "router");
        dns = List.copyOf(dns);
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        if (mtu < 68 || mtu > 0xffff) {
            throw new IllegalArgumentException("MTU " + mtu); // RFC 2132: at least 68
        }
        if (leaseSeconds <= 0) {
            throw new IllegalArgumentException("lease time " + leaseSeconds);
        }
    }

    /** The subnet mask as an address. */
    public Ip4Address mask() {
        return Ip4Address.of(prefixLength == 0 ? 0 : -1 << (32 - prefixLength));
    }
}
