package io.skylane.southbound.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.southbound.OFTestMessages;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** What the end-to-end packet-in benchmarks share: their PACKET_INs as bytes, and their set-up checks. */
final class BenchFrames {

    private BenchFrames() {
    }

    /** A table-miss PACKET_IN of {@code frame} from {@code inPort}, with {@code bufferId} if buffered, else none. */
    static OFPacketIn packetIn(OFFactory f, int inPort, byte[] frame, boolean buffered, int bufferId) {
        OFPacketIn.Builder b = f.buildPacketIn().setBufferId(buffered ? OFBufferId.of(bufferId) : OFBufferId.NO_BUFFER)
                .setTotalLen(frame.length).setReason(OFPacketInReason.NO_MATCH).setData(frame);
        if (f.getVersion() == OFVersion.OF_10) {
            b.setInPort(OFPort.of(inPort));
        } else {
            b.setTableId(TableId.of(0)).setCookie(U64.of(0x0001_0000_0000_0000L))
                    .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build());
        }
        return b.build();
    }

    /** The message's wire bytes in a direct buffer, as a socket read delivers them. */
    static ByteBuf frame(OFMessage m) {
        byte[] bytes = OFTestMessages.bytes(m);
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** A benchmark's set-up check: it measures what its name says, or it does not run. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("benchmark set-up is not what it claims: " + message);
        }
    }
}
