package io.skylane.lb.health;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.IpProtocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The probes in flight: by what identifies them on the wire, so that an answer finds its probe (and
 * only a true answer does), and by deadline, so that late ones time out. Guarded by the prober's
 * lock; not thread-safe.
 */
final class InFlight {

    private static final int PROBE_PORTS = ProbeFrames.PROBE_PORT_MAX - ProbeFrames.PROBE_PORT_MIN + 1;

    /** What a matched answer says about its probe. */
    record Outcome(Probe probe, boolean success, String reason) {
    }

    private final Map<ProbeKey, Probe> byKey = new HashMap<>();
    private final PriorityQueue<Probe> byDeadline = new PriorityQueue<>(Comparator.comparingLong(p -> p.deadline));

    /**
     * The key of the target's next probe: the target's next source port (echo id) that no probe in
     * flight to the same member and port uses; null if all 256 are in use.
     */
    ProbeKey freeKey(Tracked t, int protocol) {
        ProbeTarget g = t.target;
        int memberPort = protocol == IpProtocol.ICMP ? 0 : g.memberPort();
        for (int i = 0; i < PROBE_PORTS; i++) {
            int index = (t.portIndex + i) % PROBE_PORTS;
            ProbeKey key = new ProbeKey(g.device(), g.vip(), g.member(), protocol, memberPort,
                    ProbeFrames.PROBE_PORT_MIN + index);
            if (!byKey.containsKey(key)) {
                t.portIndex = (index + 1) % PROBE_PORTS;
                return key;
            }
        }
        return null;
    }

    void add(Probe p) {
        byKey.put(p.key, p);
        byDeadline.add(p);
    }

    /** The probe is settled: no answer finds it from now on (its deadline is skipped when it comes). */
    void remove(Probe p) {
        p.settled = true;
        byKey.remove(p.key);
    }

    /** The probes whose deadline is at or before {@code now}, removed, earliest first. */
    List<Probe> expired(long now) {
        List<Probe> late = new ArrayList<>();
        while (!byDeadline.isEmpty() && byDeadline.peek().deadline <= now) {
            Probe p = byDeadline.poll();
            if (!p.settled) {
                remove(p);
                late.add(p);
            }
        }
        return late;
    }

    int size() {
        return byKey.size();
    }

    void clear() {
        byKey.clear();
        byDeadline.clear();
    }

    /** The probe in flight that {@code answer}, punted by {@code device}, settles, and how; null if none. */
    Outcome match(DeviceId device, ProbeAnswer answer) {
        if (answer instanceof ProbeAnswer.SynAck s) {
            Probe p = byKey.get(new ProbeKey(device, s.to(), s.from(), IpProtocol.TCP, s.fromPort(), s.toPort()));
            return p != null && s.ack() == next(p.expected) ? new Outcome(p, true, "SYN/ACK") : null;
        }
        if (answer instanceof ProbeAnswer.Reset r) {
            Probe p = byKey.get(new ProbeKey(device, r.to(), r.from(), IpProtocol.TCP, r.fromPort(), r.toPort()));
            return p != null && r.ack().isPresent() && r.ack().getAsLong() == next(p.expected)
                    ? new Outcome(p, false, "connection refused (TCP RST)") : null;
        }
        if (answer instanceof ProbeAnswer.EchoReply e) {
            Probe p = byKey.get(new ProbeKey(device, e.to(), e.from(), IpProtocol.ICMP, 0, e.id()));
            return p != null && e.seq() == p.expected ? new Outcome(p, true, "echo reply") : null;
        }
        if (answer instanceof ProbeAnswer.Unreachable u) {
            if (!u.from().equals(u.probeDestination()) || !u.to().equals(u.probeSource())) {
                return null;
            }
            Probe p = byKey.get(new ProbeKey(device, u.probeSource(), u.probeDestination(), u.protocol(),
                    u.memberPort(), u.probePort()));
            return p != null && u.word() == p.expected
                    ? new Outcome(p, false, "ICMP destination unreachable (code " + u.code()
                            + (u.code() == 3 ? ": port unreachable)" : ")")) : null;
        }
        if (answer instanceof ProbeAnswer.UdpReply d) {
            Probe p = byKey.get(new ProbeKey(device, d.to(), d.from(), IpProtocol.UDP, d.fromPort(), d.toPort()));
            return p != null ? new Outcome(p, true, "UDP answer") : null;
        }
        return null;
    }

    /** Whether {@code answer} goes to a probe port (or echo id): a probe's answer, matched or not. */
    static boolean toProbePort(ProbeAnswer answer) {
        int port;
        if (answer instanceof ProbeAnswer.SynAck s) {
            port = s.toPort();
        } else if (answer instanceof ProbeAnswer.Reset r) {
            port = r.toPort();
        } else if (answer instanceof ProbeAnswer.EchoReply e) {
            port = e.id();
        } else if (answer instanceof ProbeAnswer.Unreachable u) {
            port = u.probePort();
        } else if (answer instanceof ProbeAnswer.UdpReply d) {
            port = d.toPort();
        } else {
            return false;
        }
        return port >= ProbeFrames.PROBE_PORT_MIN;
    }

    /** A TCP sequence number plus one, modulo 2^32. */
    static long next(long seq) {
        return (seq + 1) & 0xffffffffL;
    }
}
