/**
 * Native DHCP for tenant ports (OVN style): the BOOTP/DHCP codec ({@link
 * io.skylane.vpc.dataplane.dhcp.DhcpMessage}, {@link io.skylane.vpc.dataplane.dhcp.UdpFrames}) and
 * the server's decisions ({@link io.skylane.vpc.dataplane.dhcp.DhcpServer}): a bound port's client
 * gets the port's fixed address, its subnet's mask, gateway, DNS servers and the tenant MTU from the
 * controller, with no DHCP server in the network.
 *
 * <p>The codec lives here rather than in controller-core's packet package because only the tenant
 * data plane speaks DHCP, and a DHCP server's semantics (leases, options drawn from subnets) belong
 * to the VPC model; core keeps the parsers every app needs (Ethernet, ARP, IPv4).
 */
package io.skylane.vpc.dataplane.dhcp;
