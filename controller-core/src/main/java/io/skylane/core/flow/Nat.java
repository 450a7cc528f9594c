package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.Ip4Address;

/**
 * The {@code nat} part of a {@link Action.Ct ct} action (Open vSwitch's NXAST_NAT nested in
 * NXAST_CT), IPv4 only:
 * <ul>
 * <li>{@link Type#EXISTING}, OVS's {@code nat} without arguments: a packet of a connection that was
 * committed with NAT is translated as that connection says (forward for its original direction,
 * back for replies, e.g. the un-DNAT of a load balancer's replies); other packets pass unchanged;</li>
 * <li>{@link Type#DST} {@code nat(dst=A[-B][:P[-Q]])} and {@link Type#SRC} {@code nat(src=...)}:
 * a new connection gets its destination (source) rewritten to an address of the range and, when
 * given, a port of the port range; Open vSwitch accepts them only in a {@code ct(commit, ...)}
 * (checked by {@link Action.Ct}).</li>
 * </ul>
 * A single address or port is a range of one ({@code min == max}), as OVS writes it back. OVS
 * options persistent, hash and random, IPv6 ranges and {@code src}/{@code dst} without an address
 * are not modelled (the southbound refuses to decode them).
 *
 * @param type       EXISTING, SRC or DST
 * @param minAddress first address of the range; {@link Ip4Address#ZERO} for EXISTING
 * @param maxAddress last address, {@code >= minAddress} (unsigned); ZERO for EXISTING
 * @param minPort    first port 1..65535, or 0 for none (the port is left as it is); 0 for EXISTING
 * @param maxPort    last port, {@code >= minPort}; 0 when minPort is
 */
public record Nat(Type type, Ip4Address minAddress, Ip4Address maxAddress, int minPort, int maxPort) {

    public enum Type {
        /** Apply the NAT of the packet's connection, if it has one (OVS: {@code nat}). */
        EXISTING,
        /** Rewrite the source of a new connection (OVS: {@code nat(src=...)}). */
        SRC,
        /** Rewrite the destination of a new connection (OVS: {@code nat(dst=...)}). */
        DST
    }

    private static final Nat EXISTING_NAT = new Nat(Type.EXISTING, Ip4Address.ZERO, Ip4Address.ZERO, 0, 0);

    public Nat {
        checkNotNull(type, "type");
        checkNotNull(minAddress, "minAddress");
        checkNotNull(maxAddress, "maxAddress");
        if (type == Type.EXISTING) {
            checkArgument(minAddress.equals(Ip4Address.ZERO) && maxAddress.equals(Ip4Address.ZERO)
                    && minPort == 0 && maxPort == 0, "nat without src or dst takes no address or port");
        } else {
            checkArgument(!minAddress.equals(Ip4Address.ZERO), "nat needs an address other than 0.0.0.0");
            checkArgument(Integer.compareUnsigned(minAddress.value(), maxAddress.value()) <= 0,
                    "nat address range must not end before it starts");
            checkArgument(minPort >= 0 && minPort <= 0xffff && maxPort >= 0 && maxPort <= 0xffff,
                    "nat ports must be 0..65535");
            checkArgument(minPort == 0 ? maxPort == 0 : maxPort >= minPort,
                    "nat port range must start at 1 or more and not end before it starts");
        }
    }

    /** {@code nat}: applies the existing NAT of the packet's connection. */
    public static Nat existing() {
        return EXISTING_NAT;
    }

    /** {@code nat(dst=address:port)}; port 0 keeps the destination port. */
    public static Nat dst(Ip4Address address, int port) {
        return new Nat(Type.DST, address, address, port, port);
    }

    /** {@code nat(src=address)}: the source port is kept unless it collides. */
    public static Nat src(Ip4Address address) {
        return new Nat(Type.SRC, address, address, 0, 0);
    }

    /** {@code nat(src=address:minPort-maxPort)}. */
    public static Nat src(Ip4Address address, int minPort, int maxPort) {
        return new Nat(Type.SRC, address, address, minPort, maxPort);
    }

    /** Whether this rewrites addresses of new connections (SRC or DST), which needs commit. */
    public boolean translates() {
        return type != Type.EXISTING;
    }

    /** Whether a port (range) is given. */
    public boolean hasPorts() {
        return minPort != 0;
    }

    /** The address or range as OVS writes it: {@code 10.0.0.21} or {@code 10.0.0.21-10.0.0.23}. */
    public String addressText() {
        return minAddress.equals(maxAddress) ? minAddress.toString() : minAddress + "-" + maxAddress;
    }

    /** The port or range as OVS writes it ({@code 8080}, {@code 1024-65279}), empty without ports. */
    public String portText() {
        return !hasPorts() ? "" : minPort == maxPort ? Integer.toString(minPort) : minPort + "-" + maxPort;
    }

    /** In Open vSwitch's syntax: {@code nat}, {@code nat(dst=10.0.0.21:8080)}, {@code nat(src=10.0.0.100:1024-65279)}. */
    @Override
    public String toString() {
        if (type == Type.EXISTING) {
            return "nat";
        }
        return "nat(" + (type == Type.SRC ? "src=" : "dst=") + addressText() + (hasPorts() ? ":" + portText() : "") + ")";
    }
}
