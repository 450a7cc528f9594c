package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import java.util.Collection;
import java.util.Optional;

/**
 * The flow-based tunnels of a {@link SimFabric} ({@code remote_ip=flow, key=flow}, as Open vSwitch
 * does them): each switch may have one tunnel port and one endpoint IPv4 address, and the underlay
 * between endpoints is not modelled beyond "every endpoint reaches every other".
 *
 * <p>A copy output to a switch's tunnel port is encapsulated with its {@code tun_id} (the VNI, which
 * must fit 24 bits) and sent to the endpoint named by its {@code tun_dst}; it arrives at the
 * owner's tunnel port as the inner frame {@linkplain SimPacket#onWire() as on the wire}, with
 * {@code tun_id}, {@code tun_src} (the sender's endpoint) and {@code tun_dst} (the receiver's) set
 * as match fields, as Open vSwitch sets them on receive. A {@code tun_dst} of 0, of no switch, or of
 * the sender itself, and a VNI wider than 24 bits, drop the copy with the reason (Open vSwitch would
 * keep only the VNI's low 24 bits, which is another VNI: the simulator refuses rather than truncates).
 */
final class SimTunnels {

    /** The largest VNI of Geneve and VXLAN (24 bits). */
    static final long MAX_VNI = (1L << 24) - 1;

    /** A switch's tunnel port and endpoint address. */
    record Endpoint(DeviceId device, PortNumber port, Ip4Address address) {
        Endpoint {
            checkNotNull(device, "device");
            checkArgument(port.isPhysical(), "a tunnel port is a physical port number: %s", port);
            checkArgument(address.value() != 0, "0.0.0.0 is not an endpoint address");
        }

        ConnectPoint at() {
            return ConnectPoint.of(device, port);
        }
    }

    /** Where an encapsulated copy went: it arrived ({@code crossing}), or was dropped ({@code reason}). */
    record Outcome(Optional<FabricResult.Tunnelled> crossing, String reason) {
    }

    private final ImmutableMap<DeviceId, Endpoint> byDevice;
    private final ImmutableMap<Ip4Address, Endpoint> byAddress;

    SimTunnels(Collection<Endpoint> endpoints) {
        ImmutableMap.Builder<DeviceId, Endpoint> d = ImmutableMap.builder();
        ImmutableMap.Builder<Ip4Address, Endpoint> a = ImmutableMap.builder();
        endpoints.forEach(e -> {
            d.put(e.device(), e);
            a.put(e.address(), e);
        });
        this.byDevice = d.buildOrThrow();
        this.byAddress = a.buildOrThrow();
    }

    /** True when {@code at} is a switch's tunnel port. */
    boolean isTunnelPort(ConnectPoint at) {
        Endpoint e = byDevice.get(at.deviceId());
        return e != null && e.port().equals(at.port());
    }

    /** The endpoint that owns {@code address}. */
    Optional<Endpoint> owner(Ip4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** Encapsulates {@code out}, output to {@code from}'s tunnel port, and sends it across the underlay. */
    Outcome encap(DeviceId from, SimPacket out) {
        Endpoint sender = byDevice.get(from);
        long vni = out.get(Type.TUNNEL_ID);
        Ip4Address dst = Ip4Address.of((int) out.get(Type.TUN_IPV4_DST));
        if (vni > MAX_VNI) {
            return dropped("tunnel: tun_id 0x" + Long.toHexString(vni) + " does not fit a 24-bit VNI");
        }
        if (dst.value() == 0) {
            return dropped("tunnel: output to tunnel port " + sender.port() + " without tun_dst");
        }
        if (dst.equals(sender.address())) {
            return dropped("tunnel: tun_dst " + dst + " is the sender's own endpoint");
        }
        Endpoint receiver = byAddress.get(dst);
        if (receiver == null) {
            return dropped("tunnel: tun_dst " + dst + " is no switch's endpoint");
        }
        SimPacket arrived = arrive(sender.address(), receiver, vni, out);
        return new Outcome(Optional.of(new FabricResult.Tunnelled(sender.at(), receiver.at(), sender.address(),
                receiver.address(), vni, arrived)), "");
    }

    /** {@code inner} as it arrives at {@code receiver}'s tunnel port from endpoint {@code src} with {@code vni}. */
    static SimPacket arrive(Ip4Address src, Endpoint receiver, long vni, SimPacket inner) {
        checkArgument(vni >= 0 && vni <= MAX_VNI, "VNI must be 0..2^24-1: %s", vni);
        return inner.onWire().toBuilder().inPort(receiver.port()).set(Type.TUNNEL_ID, vni)
                .set(Type.TUN_IPV4_SRC, src.value() & 0xffffffffL)
                .set(Type.TUN_IPV4_DST, receiver.address().value() & 0xffffffffL).build();
    }

    private static Outcome dropped(String reason) {
        return new Outcome(Optional.empty(), reason);
    }

    @Override
    public String toString() {
        return byDevice.values().toString();
    }
}
