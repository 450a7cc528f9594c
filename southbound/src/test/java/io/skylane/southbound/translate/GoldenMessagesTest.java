package io.skylane.southbound.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.southbound.OFTestMessages;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;

/** The golden binary messages decode to what {@link GoldenMessages} says and re-encode to the same bytes. */
class GoldenMessagesTest {

    static Stream<Arguments> golden() {
        List<Arguments> out = new ArrayList<>();
        for (String dir : List.of("of13", "of10")) {
            for (String name : GoldenMessages.forVersion(dir).keySet()) {
                out.add(Arguments.of(dir, name));
            }
        }
        return out.stream();
    }

    static byte[] read(String dir, String name) throws IOException {
        try (InputStream in = GoldenMessagesTest.class.getResourceAsStream("/golden/" + dir + "/" + name + ".bin")) {
            assertNotNull(in, "missing golden file " + dir + "/" + name + ".bin");
            return in.readAllBytes();
        }
    }

    static OFMessage parse(byte[] bytes) throws Exception {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        try {
            OFMessage m = OFFactories.getGenericReader().readFrom(b);
            assertEquals(0, b.readableBytes(), "message shorter than its file");
            return m;
        } finally {
            b.release();
        }
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("golden")
    void decodesAndReencodesToIdenticalBytes(String dir, String name) throws Exception {
        byte[] bytes = read(dir, name);
        OFMessage m = parse(bytes);
        assertEquals(dir.equals("of13") ? 4 : 1, bytes[0]);
        assertArrayEquals(bytes, OFTestMessages.bytes(m), "re-encoded bytes differ");
        // zero-valued flags (FRAG_NORMAL, STP_LISTEN) read back as present: compare the wire form
        assertArrayEquals(OFTestMessages.bytes(GoldenMessages.forVersion(dir).get(name)), bytes,
                "file no longer matches its definition");
    }

    @Test
    void goldenPacketInsDecodeToCorePackets() throws Exception {
        InboundPacket p13 = PacketTranslator.toCore((OFPacketIn) parse(read("of13", "packet_in")), GoldenMessages.DPID);
        assertEquals(PortNumber.of(1), p13.inPort());
        assertTrue(p13.bufferId().isEmpty());
        assertTrue(p13.ethernet().arp().orElseThrow().isRequest());

        InboundPacket p10 = PacketTranslator.toCore((OFPacketIn) parse(read("of10", "packet_in")), GoldenMessages.DPID);
        assertEquals(PortNumber.of(1), p10.inPort());
        assertEquals(300, p10.bufferId().getAsInt());
        assertArrayEquals(GoldenMessages.ARP_FRAME, p10.data());
    }

    @Test
    void goldenFlowMessagesDecodeToTheRule() throws Exception {
        for (String dir : List.of("of13", "of10")) {
            OFFlowMod add = (OFFlowMod) parse(read(dir, "flow_mod_add"));
            assertEquals(GoldenMessages.rule().match(), MatchTranslator.toCore(add.getMatch()));
            OFFlowRemoved removed = (OFFlowRemoved) parse(read(dir, "flow_removed"));
            assertEquals(GoldenMessages.rule().key(), FlowStatsDecoder.removedRule(removed, GoldenMessages.DPID).key());
        }
        OFPortStatus status = (OFPortStatus) parse(read("of13", "port_status"));
        assertEquals(false, PortTranslator.toCore(status.getDesc()).linkUp());
    }

    @Test
    void everyFileHasADefinition() throws Exception {
        for (String dir : List.of("of13", "of10")) {
            java.nio.file.Path folder = java.nio.file.Path.of(GoldenMessagesTest.class.getResource("/golden/" + dir).toURI());
            try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
                List<String> names = files.map(p -> p.getFileName().toString().replace(".bin", "")).sorted().toList();
                assertEquals(GoldenMessages.forVersion(dir).keySet().stream().sorted().toList(), names);
            }
        }
    }
}
