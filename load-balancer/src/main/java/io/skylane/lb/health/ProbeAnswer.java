package io.skylane.lb.health;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.Ip4Address;
import java.util.OptionalLong;

/**
 * What a frame punted from a member's switch says about a probe ({@link ProbeFrames#parse}). The
 * addresses are as on the wire: {@code from} is the member, {@code to} the VIP and
 * {@code toPort} the probe's source port. Whether it answers an outstanding probe (and not a
 * forged or late one) is for the prober to decide, from these numbers.
 */
public sealed interface ProbeAnswer {

    /** A TCP SYN/ACK: the member accepts connections. {@code ack} should be the probe's ISN + 1. */
    record SynAck(Ip4Address from, int fromPort, Ip4Address to, int toPort, long seq, long ack)
            implements ProbeAnswer {
    }

    /** A TCP RST: the member refuses. A RST answering a SYN acknowledges it ({@code ack} = ISN + 1). */
    record Reset(Ip4Address from, int fromPort, Ip4Address to, int toPort, long seq, OptionalLong ack)
            implements ProbeAnswer {
        public Reset {
            checkNotNull(ack, "ack");
        }
    }

    /** An ICMP echo reply. */
    record EchoReply(Ip4Address from, Ip4Address to, int id, int seq) implements ProbeAnswer {
    }

    /**
     * An ICMP destination unreachable (type 3; code 3 is "port unreachable") about a TCP or UDP
     * packet, read from the header it quotes: {@code probeSource}:{@code probePort} to
     * {@code probeDestination}:{@code memberPort}, and the quoted L4 header's second word
     * {@code word} (TCP: the sequence number; UDP: length and checksum).
     */
    record Unreachable(Ip4Address from, Ip4Address to, int code, int protocol, Ip4Address probeSource,
                       int probePort, Ip4Address probeDestination, int memberPort, long word)
            implements ProbeAnswer {
    }

    /** A UDP datagram back to the probe's port. */
    record UdpReply(Ip4Address from, int fromPort, Ip4Address to, int toPort) implements ProbeAnswer {
    }

    /** Anything else: not IPv4, cut short, another protocol, a TCP segment that is neither SYN/ACK nor RST. */
    record NotAnAnswer(String why) implements ProbeAnswer {
        public NotAnAnswer {
            checkNotNull(why, "why");
        }
    }
}
