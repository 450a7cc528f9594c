package io.skylane.vpc.dataplane;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * How the deployment carries tenant traffic between switches (the configuration's {@code network}
 * section; docs/overlay.md).
 *
 * @param mode           fabric (every switch OpenFlow, segments as VLAN ids or MPLS labels) or
 *                       overlay (hypervisors joined by Geneve or VXLAN tunnels over an underlay)
 * @param mtu            fabric: the links' IPv4 MTU; overlay: the underlay's MTU (tenants get 50 less)
 * @param tunnelPortName overlay: the name of each hypervisor bridge's flow-based tunnel port, which
 *                       Skylane creates over OVSDB or the operator with one {@code ovs-vsctl}
 */
public record TenantNetwork(Mode mode, int mtu, String tunnelPortName) {

    /** The default name of the tunnel port (at most 15 characters, as Linux interface names). */
    public static final String TUNNEL_PORT = "skylane-tun";

    /** Fabric or overlay. */
    public enum Mode { FABRIC, OVERLAY }

    public TenantNetwork {
        requireNonNull(mode, "mode");
        requireNonNull(tunnelPortName, "tunnelPortName");
        checkArgument(mtu >= 1280 && mtu <= 65535, "MTU %s out of 1280..65535", mtu);
        checkArgument(!tunnelPortName.isEmpty() && tunnelPortName.length() <= 15,
                "tunnel port name must have 1..15 characters: %s", tunnelPortName);
    }

    /** Fabric mode on 1500-byte links: the default. */
    public static TenantNetwork fabric() {
        return new TenantNetwork(Mode.FABRIC, 1500, TUNNEL_PORT);
    }

    /** Overlay mode over an underlay of {@code underlayMtu}. */
    public static TenantNetwork overlay(int underlayMtu) {
        return new TenantNetwork(Mode.OVERLAY, underlayMtu, TUNNEL_PORT);
    }

    public boolean isOverlay() {
        return mode == Mode.OVERLAY;
    }

    /**
     * The MTU a tenant port of a segment gets (what DHCP hands it, and what a Neutron network shows):
     * overlay, the underlay's less the encapsulation; fabric, the links' (less an MPLS label above
     * the VLAN ids), as the transports' {@code tenantMtu}.
     */
    public int tenantMtu(int segment) {
        if (isOverlay()) {
            return mtu - io.skylane.vpc.pipeline.OverlayTransport.ENCAPSULATION_OVERHEAD;
        }
        return io.skylane.vpc.pipeline.FabricTransport.vlanSegment(segment) ? mtu
                : mtu - io.skylane.vpc.pipeline.FabricTransport.MPLS_OVERHEAD;
    }
}
