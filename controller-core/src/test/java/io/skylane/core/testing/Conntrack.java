package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkState;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The connection tracking table of one {@link SimSwitch}, per zone, with NAT. As in Linux, a
 * connection has two tuples: its original tuple (the first packet's) and its reply tuple (what a
 * reply looks like: the reverse of the original after NAT). A packet whose tuple is a connection's
 * original tuple is in the original direction; one whose tuple is its reply tuple is a reply. So
 * after DNAT of client->VIP to client->member, the reply member->client is recognised. Tuples are
 * IPv4 5-tuples for TCP and UDP; for ICMP and other protocols addresses and protocol only (an echo
 * request and its reply are one connection).
 *
 * <p>States, as kernel conntrack: no connection: {@code +trk+new}; original direction: {@code +new}
 * until a reply has been seen, then {@code +est}; reply direction: {@code +est+rpl} (and the reply
 * is seen). A lookup never creates a connection; only a commit does.
 *
 * <p>NAT (only when the ct action has a {@link Nat}; without one, no packet is translated):
 * <ul>
 * <li>{@code nat(dst=..)}/{@code nat(src=..)} with commit on a packet of no connection commits it
 * with its translation, and the packet leaves translated. DNAT takes the first address of the
 * range and the first port of the port range (no port range: the port is kept). SNAT takes the
 * first address; its source port is kept when it lies in the port range (or there is no range)
 * and the resulting reply tuple is free in the zone, else the lowest port of the range (no range:
 * of 1024..65535) that gives a free reply tuple, as the kernel's unique-tuple search does, so that
 * two connections never share a reply tuple. A DNAT whose reply tuple is taken, or a range with no
 * free port, is a test error.</li>
 * <li>Any {@code nat} on a packet of a connection that has NAT applies it: forward in the original
 * direction, reversed for replies (un-DNAT: the reply's source becomes the original destination;
 * un-SNAT: its destination becomes the original source). A connection committed without NAT keeps
 * none; a packet of no connection is only looked up.</li>
 * <li>ct_state gets {@link Criterion#CT_SNAT +snat} when the packet's source was rewritten and
 * {@link Criterion#CT_DNAT +dnat} when its destination was, as Open vSwitch reports it (so the
 * un-DNAT of a reply is {@code +snat}).</li>
 * <li>A packet already tracked in the zone (a recirculated copy whose ct_zone is the zone) keeps
 * its connection, found by its translated tuple too, and is not translated again (its NAT bits
 * stay): Open vSwitch keeps a packet's connection across recirculation and NATs a packet once.</li>
 * </ul>
 *
 * <p>Related: an ICMP error (types 3, 4, 5, 11, 12) that {@linkplain SimPacket#icmpError embeds}
 * the header of a packet of a connection is {@code +trk+rel}, with {@code +rpl} when it travels in
 * the reply direction (the embedded packet went in the original one); with {@code nat} it is
 * translated as Linux does (the embedded header and the outer address, e.g. an error from an
 * un-DNATed member comes from the VIP). An ICMP error of no connection is {@code +trk+inv}. A commit
 * of a related packet commits nothing. ICMP errors without an embedded header are plain ICMP.
 *
 * <p>Not modelled: invalid packets (TCP flags, sequence numbers), ALGs, timeouts, ct_mark/ct_label,
 * NAT of an address range beyond its first address, Open vSwitch's random/hash port selection.
 * Mutable: connections persist across packets.
 */
final class Conntrack {

    /** An IPv4 5-tuple; ports are 0 for protocols other than TCP and UDP. */
    record Tuple(long src, long dst, int proto, int srcPort, int dstPort) {
        Tuple reverse() {
            return new Tuple(dst, src, proto, dstPort, srcPort);
        }

        boolean hasPorts() {
            return proto == IpProtocol.TCP || proto == IpProtocol.UDP;
        }

        static Tuple of(EmbeddedHeader h) {
            return new Tuple(h.src().value() & 0xffffffffL, h.dst().value() & 0xffffffffL, h.proto(), h.srcPort(),
                    h.dstPort());
        }

        EmbeddedHeader header() {
            return new EmbeddedHeader(Ip4Address.of((int) src), Ip4Address.of((int) dst), proto, srcPort, dstPort);
        }

        static Tuple of(SimPacket p) {
            checkState(p.isIpv4(), "conntrack of a packet that is not IPv4: %s", p);
            int proto = p.ipProto();
            boolean ports = proto == IpProtocol.TCP || proto == IpProtocol.UDP;
            return new Tuple(p.get(Type.IPV4_SRC), p.get(Type.IPV4_DST), proto, ports ? p.l4Src() : 0,
                    ports ? p.l4Dst() : 0);
        }

        /** The packet with this tuple's addresses and ports (its protocol must be this tuple's). */
        SimPacket writeTo(SimPacket p) {
            SimPacket q = p.with(Type.IPV4_SRC, src).with(Type.IPV4_DST, dst);
            if (proto == IpProtocol.TCP) {
                q = q.with(Type.TCP_SRC, srcPort).with(Type.TCP_DST, dstPort);
            } else if (proto == IpProtocol.UDP) {
                q = q.with(Type.UDP_SRC, srcPort).with(Type.UDP_DST, dstPort);
            }
            return q;
        }

        Tuple withSrc(long address, int port) {
            return new Tuple(address, dst, proto, hasPorts() ? port : 0, dstPort);
        }

        Tuple withDst(long address, int port) {
            return new Tuple(src, address, proto, srcPort, hasPorts() ? port : 0);
        }
    }

    private record Key(int zone, Tuple tuple) {
    }

    /** A committed connection: its two tuples (equal but reversed when it has no NAT). */
    private static final class Conn {
        final Tuple original;
        final Tuple reply;
        boolean seenReply;

        Conn(Tuple original, Tuple reply) {
            this.original = original;
            this.reply = reply;
        }
    }

    /** What a ct action did with a packet: the ct_state bits it got and the packet after NAT. */
    record Outcome(long state, SimPacket packet, boolean committed) {
    }

    private static final long NAT_BITS = Criterion.CT_SNAT | Criterion.CT_DNAT;

    private final Map<Key, Conn> byOriginal = new HashMap<>();
    private final Map<Key, Conn> byReply = new HashMap<>();

    /** Runs the ct action's lookup, commit and NAT on the packet (ct_state/ct_zone are the caller's). */
    Outcome execute(Action.Ct ct, SimPacket p) {
        int zone = ct.zone();
        Optional<EmbeddedHeader> error = errorHeader(p);
        // An ICMP error travels like a reply to the packet it embeds: its direction is the reversed header's.
        Tuple t = error.map(Tuple::of).map(Tuple::reverse).orElseGet(() -> Tuple.of(p));
        boolean cached = (p.ctState() & Criterion.CT_TRK) != 0 && p.ctZone() == zone;
        long natDone = cached ? p.ctState() & NAT_BITS : 0;
        Conn conn = byOriginal.get(new Key(zone, t));
        boolean reply = false;
        if (conn == null) {
            conn = byReply.get(new Key(zone, t));
            reply = conn != null;
        }
        if (conn == null && cached) {
            // Already tracked (and maybe translated) in this zone: OVS kept the packet's connection.
            conn = byReply.get(new Key(zone, t.reverse()));
            if (conn == null) {
                conn = byOriginal.get(new Key(zone, t.reverse()));
                reply = conn != null;
            }
        }
        long state;
        boolean committed = false;
        if (error.isPresent()) {
            state = conn == null ? Criterion.CT_TRK | Criterion.CT_INV
                    : Criterion.CT_TRK | Criterion.CT_REL | (reply ? Criterion.CT_RPL : 0);
        } else if (conn == null) {
            state = Criterion.CT_TRK | Criterion.CT_NEW;
            if (ct.commit()) {
                conn = commit(zone, t, ct.nat());
                committed = true;
            }
        } else if (reply) {
            conn.seenReply = true;
            state = Criterion.CT_TRK | Criterion.CT_EST | Criterion.CT_RPL;
        } else {
            state = Criterion.CT_TRK | (conn.seenReply ? Criterion.CT_EST : Criterion.CT_NEW);
        }
        if (conn == null || ct.nat().isEmpty() || natDone != 0) {
            return new Outcome(state | natDone, p, committed);
        }
        Tuple after = reply ? conn.original.reverse() : conn.reply.reverse();
        if (after.src() != t.src() || after.srcPort() != t.srcPort()) {
            state |= Criterion.CT_SNAT;
        }
        if (after.dst() != t.dst() || after.dstPort() != t.dstPort()) {
            state |= Criterion.CT_DNAT;
        }
        if (after.equals(t)) {
            return new Outcome(state, p, committed);
        }
        return new Outcome(state, error.isPresent() ? translateError(p, t, after) : after.writeTo(p), committed);
    }

    /** The embedded header of an ICMP error: unreachable, source quench, redirect, time exceeded, parameter problem. */
    private static Optional<EmbeddedHeader> errorHeader(SimPacket p) {
        if (!p.isIpv4() || p.ipProto() != IpProtocol.ICMP) {
            return Optional.empty();
        }
        long type = p.get(Type.ICMPV4_TYPE);
        boolean isError = type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
        return isError ? p.embedded() : Optional.empty();
    }

    /**
     * An ICMP error's NAT: the embedded header is translated as the packet it is a copy of (so it
     * shows what the error's receiver sent), and the outer address that the translation changes in
     * the reversed header is changed alike (un-DNAT: the error comes from the VIP).
     */
    private static SimPacket translateError(SimPacket p, Tuple before, Tuple after) {
        SimPacket q = p.withEmbedded(after.reverse().header());
        if (after.src() != before.src()) {
            q = q.with(Type.IPV4_SRC, after.src());
        }
        if (after.dst() != before.dst()) {
            q = q.with(Type.IPV4_DST, after.dst());
        }
        return q;
    }

    private Conn commit(int zone, Tuple original, Optional<Nat> nat) {
        Tuple translated = original;
        Nat n = nat.orElse(Nat.existing());
        if (n.type() == Nat.Type.DST) {
            translated = original.withDst(n.minAddress().value() & 0xffffffffL,
                    n.hasPorts() ? n.minPort() : original.dstPort());
        } else if (n.type() == Nat.Type.SRC) {
            translated = snat(zone, original, n);
        }
        Tuple reply = translated.reverse();
        checkState(isFree(zone, reply), "NAT of %s to %s in zone %s: the reply tuple is taken (a clash the "
                + "kernel resolves with an implicit SNAT, not simulated)", original, translated, zone);
        Conn c = new Conn(original, reply);
        byOriginal.put(new Key(zone, original), c);
        byReply.put(new Key(zone, reply), c);
        return c;
    }

    /** The source translation: the range's first address; the source port kept if it may be, else the lowest free. */
    private Tuple snat(int zone, Tuple original, Nat n) {
        long address = n.minAddress().value() & 0xffffffffL;
        Tuple kept = original.withSrc(address, original.srcPort());
        if (!original.hasPorts()) {
            return kept;
        }
        int min = n.hasPorts() ? n.minPort() : 1024;
        int max = n.hasPorts() ? n.maxPort() : 0xffff;
        boolean inRange = !n.hasPorts() || (original.srcPort() >= min && original.srcPort() <= max);
        if (inRange && isFree(zone, kept.reverse())) {
            return kept;
        }
        for (int port = min; port <= max; port++) {
            Tuple candidate = original.withSrc(address, port);
            if (isFree(zone, candidate.reverse())) {
                return candidate;
            }
        }
        throw new IllegalStateException("SNAT of " + original + " in zone " + zone + ": no free port in " + n);
    }

    /** True when no connection of the zone has this tuple in either direction. */
    private boolean isFree(int zone, Tuple t) {
        Key k = new Key(zone, t);
        return !byOriginal.containsKey(k) && !byReply.containsKey(k);
    }

    /** Committed connections in {@code zone}. */
    int size(int zone) {
        return (int) byOriginal.keySet().stream().filter(k -> k.zone() == zone).count();
    }

    int size() {
        return byOriginal.size();
    }

    void clear() {
        byOriginal.clear();
        byReply.clear();
    }
}
