package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkState;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion.Type;
import java.util.Arrays;

/**
 * Open vSwitch's {@code multipath} action for {@link SimSwitch}: hashes the declared fields of the
 * packet with the basis, takes the hash modulo n_links ({@code modulo_n}, the only algorithm
 * simulated: the others are a test error) and writes the link number into the metadata bits the
 * action names (metadata is the only destination {@link Action.Multipath} has).
 *
 * <p>The hash is not Open vSwitch's, so tests must not expect OVS's link numbers. It is
 * deterministic across runs, depends only on the declared fields and the basis (a field the
 * packet does not have counts as 0), spreads well (SplitMix64 mixing), and for the
 * {@code symmetric_*} field sets gives the same value when source and destination are swapped:
 * <ul>
 * <li>{@code eth_src}: the Ethernet source;</li>
 * <li>{@code nw_src}, {@code nw_dst}: the IPv4 source, destination;</li>
 * <li>{@code symmetric_l3}: eth_type and the IPv4 addresses;</li>
 * <li>{@code symmetric_l3l4}: the IPv4 addresses, ip_proto and the TCP ports;</li>
 * <li>{@code symmetric_l3l4+udp}: the same, and the UDP ports;</li>
 * <li>{@code symmetric_l4}: the Ethernet addresses, eth_type, the outer VLAN id, the IPv4
 * addresses, ip_proto and the TCP and UDP ports.</li>
 * </ul>
 */
final class MultipathHash {

    private static final long SEED = 0x736b796c616e654dL;
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private MultipathHash() {
    }

    /** The link number 0..nLinks-1 the action picks for the packet. */
    static long link(Action.Multipath m, SimPacket p) {
        checkState(m.algorithm() == Action.Multipath.Algorithm.MODULO_N,
                "%s: only the modulo_n algorithm is simulated, not %s", m, m.algorithm().ovsName());
        return Long.remainderUnsigned(hash(m.fields(), m.basis(), p), m.nLinks());
    }

    /** The packet with {@code link} written into the action's metadata bits, the other bits kept. */
    static SimPacket write(Action.Multipath m, long link, SimPacket p) {
        long mask = (m.dstBits() == 64 ? -1L : (1L << m.dstBits()) - 1) << m.dstOffset();
        return p.withMetadata((p.metadata() & ~mask) | ((link << m.dstOffset()) & mask));
    }

    /** The hash of the fields with the basis. */
    static long hash(Action.Multipath.HashFields fields, int basis, SimPacket p) {
        long[] words = switch (fields) {
            case ETH_SRC -> new long[] {p.ethSrc().value()};
            case NW_SRC -> new long[] {field(p, Type.IPV4_SRC)};
            case NW_DST -> new long[] {field(p, Type.IPV4_DST)};
            case SYMMETRIC_L3 -> concat(new long[] {p.ethType()}, pair(p, Type.IPV4_SRC, Type.IPV4_DST));
            case SYMMETRIC_L3L4 -> concat(l3l4(p), pair(p, Type.TCP_SRC, Type.TCP_DST));
            case SYMMETRIC_L3L4_UDP -> concat(concat(l3l4(p), pair(p, Type.TCP_SRC, Type.TCP_DST)),
                    pair(p, Type.UDP_SRC, Type.UDP_DST));
            case SYMMETRIC_L4 -> concat(concat(concat(pair(p, Type.ETH_SRC, Type.ETH_DST),
                    new long[] {p.ethType(), p.vlanId().value()}), l3l4(p)),
                    concat(pair(p, Type.TCP_SRC, Type.TCP_DST), pair(p, Type.UDP_SRC, Type.UDP_DST)));
        };
        long h = mix(SEED ^ basis);
        for (long w : words) {
            h = mix((h + GOLDEN) ^ w);
        }
        return h;
    }

    private static long[] l3l4(SimPacket p) {
        return concat(pair(p, Type.IPV4_SRC, Type.IPV4_DST), new long[] {field(p, Type.IP_PROTO)});
    }

    /** The two fields' values, smaller first: the same whichever way the packet goes. */
    private static long[] pair(SimPacket p, Type a, Type b) {
        long x = field(p, a);
        long y = field(p, b);
        return new long[] {Math.min(x, y), Math.max(x, y)};
    }

    private static long field(SimPacket p, Type t) {
        return p.has(t) ? p.get(t) : 0;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
