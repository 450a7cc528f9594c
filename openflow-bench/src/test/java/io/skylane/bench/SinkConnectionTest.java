package io.skylane.bench;

import static io.skylane.bench.TestMessages.OF10;
import static io.skylane.bench.TestMessages.OF13;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

/** The sink controller's hand-encoded messages are what openflowj reads and writes, in 1.0 and 1.3. */
class SinkConnectionTest {

    private static List<OFMessage> sent(EmbeddedChannel ch) {
        List<OFMessage> out = new ArrayList<>();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            out.addAll(TestMessages.parseAll(b));
        }
        return out;
    }

    private static ByteBuf wire(OFMessage m) {
        return Unpooled.wrappedBuffer(TestMessages.bytes(m));
    }

    @Test
    void handshakeThenFlowModAndPacketOutForEachPacketIn() {
        for (OFFactory f : List.of(OF10, OF13)) {
            for (int buffers : new int[] {0, 256}) {
                SinkController.Counters counters = new SinkController.Counters();
                EmbeddedChannel ch = new EmbeddedChannel(new SinkConnection(
                        SinkController.Answer.FLOW_MOD_AND_PACKET_OUT, counters));
                sent(ch); // the sink's HELLO
                ch.writeInbound(wire(SwitchReplies.hello(f.getVersion().getWireVersion(), 1)));
                assertInstanceOf(OFFeaturesRequest.class, sent(ch).get(0));
                SwitchSpec spec = new SwitchSpec(9, 0, f.getVersion().getWireVersion(), buffers, 1, 2, 1, 1, 1, true,
                        false, -1, 1, 1, 0);
                ch.writeInbound(wire(SwitchReplies.featuresReply(spec, 2)));
                OFSetConfig config = assertInstanceOf(OFSetConfig.class, sent(ch).get(0));
                assertEquals(0xffff, config.getMissSendLen());

                byte[] packetIn = SwitchReplies.packetInTemplate(spec);
                ch.writeInbound(Unpooled.wrappedBuffer(packetIn));
                List<OFMessage> answers = sent(ch);
                String what = f.getVersion() + " buffers " + buffers;
                assertEquals(2, answers.size(), what);
                OFFlowAdd flow = assertInstanceOf(OFFlowAdd.class, answers.get(0), what);
                OFPacketOut out = assertInstanceOf(OFPacketOut.class, answers.get(1), what);
                OFBufferId buffer = buffers > 0 ? OFBufferId.of(0) : OFBufferId.NO_BUFFER;
                assertEquals(buffer, flow.getBufferId(), what);
                assertEquals(buffer, out.getBufferId(), what);
                assertEquals(List.of(f.actions().output(OFPort.of(2), 0)), out.getActions(), what);
                byte[] frame = buffers > 0 ? new byte[0] : TestFrames.frame(9, 0);
                assertArrayEquals(frame, out.getData(), what);
                assertEquals(1, counters.packetIns.sum());
                assertEquals(1, counters.flowMods.sum());
                assertEquals(1, counters.packetOuts.sum());
                ch.finishAndReleaseAll();
            }
        }
    }
}
