package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkState;

import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.IpProtocol;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection tracking table of one {@link SimSwitch}: committed connections per zone, keyed by
 * the IPv4 5-tuple of their original direction (TCP and UDP: addresses, protocol, ports; ICMP and
 * other protocols: addresses and protocol, so an echo request and its reply are one connection).
 *
 * <p>Kernel semantics, as far as the model goes: a packet of no committed connection is
 * {@code +trk+new}; a packet in the original direction of a committed connection is still
 * {@code +new} until a reply has been seen, then {@code +est}; a packet in the reply direction is
 * {@code +est+rpl} (and marks the reply seen). A lookup never creates a connection; only a commit
 * does. Not modelled: invalid packets (TCP flags, sequence numbers), related connections (ICMP
 * errors, ALGs), timeouts, NAT, ct_mark/ct_label. Mutable: connections persist across packets.
 */
final class Conntrack {

    private record Key(int zone, long src, long dst, int proto, int srcPort, int dstPort) {
        Key reverse() {
            return new Key(zone, dst, src, proto, dstPort, srcPort);
        }

        static Key of(int zone, SimPacket p) {
            checkState(p.isIpv4(), "conntrack of a packet that is not IPv4: %s", p);
            int proto = p.ipProto();
            boolean ports = proto == IpProtocol.TCP || proto == IpProtocol.UDP;
            return new Key(zone, p.get(Type.IPV4_SRC), p.get(Type.IPV4_DST), proto, ports ? p.l4Src() : 0,
                    ports ? p.l4Dst() : 0);
        }
    }

    /** A committed connection, by its original-direction key. */
    private static final class Conn {
        boolean seenReply;
    }

    private final Map<Key, Conn> connections = new HashMap<>();

    /** Looks the packet up in {@code zone}: the ct_state bits it gets (always with +trk). */
    long lookup(int zone, SimPacket p) {
        Key k = Key.of(zone, p);
        Conn original = connections.get(k);
        if (original != null) {
            return Criterion.CT_TRK | (original.seenReply ? Criterion.CT_EST : Criterion.CT_NEW);
        }
        Conn reply = connections.get(k.reverse());
        if (reply != null) {
            reply.seenReply = true;
            return Criterion.CT_TRK | Criterion.CT_EST | Criterion.CT_RPL;
        }
        return Criterion.CT_TRK | Criterion.CT_NEW;
    }

    /** Commits the packet's connection in {@code zone} (original direction: the packet's) unless it exists. */
    void commit(int zone, SimPacket p) {
        Key k = Key.of(zone, p);
        if (!connections.containsKey(k) && !connections.containsKey(k.reverse())) {
            connections.put(k, new Conn());
        }
    }

    /** Committed connections in {@code zone}. */
    int size(int zone) {
        return (int) connections.keySet().stream().filter(k -> k.zone() == zone).count();
    }

    int size() {
        return connections.size();
    }

    void clear() {
        connections.clear();
    }
}
