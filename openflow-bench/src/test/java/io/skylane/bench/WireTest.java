package io.skylane.bench;

import static io.skylane.bench.TestMessages.OF10;
import static io.skylane.bench.TestMessages.OF13;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Wire's numbers and offsets are what openflowj (the controller's codec) encodes, in 1.0 and 1.3. */
class WireTest {

    /** The type byte of {@code m} as openflowj writes it. */
    private static int type(OFMessage m) {
        return TestMessages.bytes(m)[1] & 0xff;
    }

    /** {@code m} written after a few bytes of something else, as frames sit in a read buffer. */
    private static ByteBuf atFive(OFMessage m) {
        return Unpooled.buffer().writeZero(5).writeBytes(TestMessages.bytes(m));
    }

    @Test
    void versionsAndNoBufferAreOpenflowjs() {
        assertEquals(1, Wire.OF10);
        assertEquals(4, Wire.OF13);
        assertEquals(0xffff_ffff, Wire.NO_BUFFER);
        assertEquals(Wire.HEADER, TestMessages.bytes(OF13.buildBarrierRequest().setXid(1).build()).length);
    }

    @Test
    void messageTypesSharedByBothVersions() {
        for (OFFactory f : List.of(OF10, OF13)) {
            assertEquals(Wire.HELLO, type(f.buildHello().build()), f.getVersion().toString());
            assertEquals(Wire.ERROR, type(f.errorMsgs().buildBadRequestErrorMsg().setCode(OFBadRequestCode.BAD_TYPE)
                    .build()));
            assertEquals(Wire.ECHO_REQUEST, type(f.buildEchoRequest().build()));
            assertEquals(Wire.ECHO_REPLY, type(f.buildEchoReply().build()));
            assertEquals(Wire.EXPERIMENTER, type(f.buildBsnGetMirroringRequest().build()));
            assertEquals(Wire.FEATURES_REQUEST, type(f.buildFeaturesRequest().build()));
            assertEquals(Wire.FEATURES_REPLY, type(f.buildFeaturesReply().build()));
            assertEquals(Wire.GET_CONFIG_REQUEST, type(f.buildGetConfigRequest().build()));
            assertEquals(Wire.SET_CONFIG, type(f.buildSetConfig().build()));
            assertEquals(Wire.PACKET_IN, type(SwitchReplies.learnPacketIn(spec(f), 1)));
            assertEquals(Wire.PACKET_OUT, type(f.buildPacketOut().build()));
            assertEquals(Wire.FLOW_MOD, type(f.buildFlowAdd().build()));
        }
    }

    @Test
    void messageTypesPerVersion() {
        int v10 = Wire.OF10;
        int v13 = Wire.OF13;
        assertEquals(Wire.barrierRequest(v10), type(OF10.buildBarrierRequest().build()));
        assertEquals(Wire.barrierReply(v10), type(OF10.buildBarrierReply().build()));
        assertEquals(Wire.statsRequest(v10), type(OF10.buildFlowStatsRequest().build()));
        assertEquals(Wire.barrierRequest(v13), type(OF13.buildBarrierRequest().build()));
        assertEquals(Wire.barrierReply(v13), type(OF13.buildBarrierReply().build()));
        assertEquals(Wire.statsRequest(v13), type(OF13.buildFlowStatsRequest().build()));
        assertEquals(Wire.ROLE_REQUEST_13, type(OF13.buildRoleRequest().setRole(OFControllerRole.ROLE_EQUAL)
                .setGenerationId(U64.ZERO).build()));

        assertTrue(Wire.isModification(v10, type(OF10.buildPortMod().build())));
        for (OFMessage m : List.of(OF13.buildGroupAdd().setGroupType(OFGroupType.ALL).setGroup(OFGroup.of(1)).build(),
                OF13.buildPortMod().build(), OF13.buildTableMod().build(),
                OF13.buildMeterMod().setCommand(OFMeterModCommand.ADD).build(), OF13.buildAsyncSet().build())) {
            assertTrue(Wire.isModification(v13, type(m)), m.getType().toString());
        }
        assertFalse(Wire.isModification(v13, type(OF13.buildFlowAdd().build())));

        assertTrue(Wire.isUnservedRequest(v10, type(OF10.buildQueueGetConfigRequest().build())));
        assertTrue(Wire.isUnservedRequest(v13, type(OF13.buildQueueGetConfigRequest().build())));
        assertTrue(Wire.isUnservedRequest(v13, type(OF13.buildAsyncGetRequest().build())));
        assertTrue(Wire.isUnservedRequest(v13, type(OF13.buildBsnGetMirroringRequest().build())));
        assertFalse(Wire.isUnservedRequest(v13, type(OF13.buildBarrierRequest().build())));
    }

    @Test
    void flowModCommandBufferAndPriority() {
        for (OFFactory f : List.of(OF10, OF13)) {
            int v = f.getVersion().getWireVersion();
            Map<Integer, OFFlowMod.Builder> commands = Map.of(Wire.FLOW_ADD, f.buildFlowAdd(),
                    Wire.FLOW_MODIFY, f.buildFlowModify(), Wire.FLOW_MODIFY_STRICT, f.buildFlowModifyStrict(),
                    Wire.FLOW_DELETE, f.buildFlowDelete(), Wire.FLOW_DELETE_STRICT, f.buildFlowDeleteStrict());
            commands.forEach((command, builder) -> {
                builder.setPriority(0x1234).setBufferId(OFBufferId.of(0x0102_0304))
                        .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3)).build());
                if (f.getVersion() != OFVersion.OF_10) {
                    builder.setTableId(TableId.of(2));
                }
                ByteBuf b = atFive(builder.build());
                assertEquals((int) command, Wire.flowModCommand(b, 5, v), f.getVersion() + " " + command);
                assertEquals(0x0102_0304, Wire.flowModBufferId(b, 5, v));
                assertEquals(0x1234, Wire.flowModPriority(b, 5, v));
            });
        }
    }

    @Test
    void packetOutBufferAndData() {
        byte[] data = TestFrames.frame(7, 1);
        for (OFFactory f : List.of(OF10, OF13)) {
            int v = f.getVersion().getWireVersion();
            ByteBuf b = atFive(f.buildPacketOut().setBufferId(OFBufferId.of(99)).setInPort(OFPort.of(1))
                    .setActions(List.of(f.actions().output(OFPort.of(2), 0), f.actions().output(OFPort.of(3), 0)))
                    .setData(data).build());
            assertEquals(99, Wire.packetOutBufferId(b, 5));
            int at = 5 + Wire.packetOutDataOffset(b, 5, v);
            byte[] carried = new byte[b.writerIndex() - at];
            b.getBytes(at, carried);
            assertArrayEquals(data, carried, f.getVersion().toString());
        }
    }

    @Test
    void packetOutInPortAndOutputsIn13Numbering() {
        for (OFFactory f : List.of(OF10, OF13)) {
            int v = f.getVersion().getWireVersion();
            ByteBuf b = atFive(f.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.of(7))
                    .setActions(List.of(f.actions().output(OFPort.of(2), 0), f.getVersion() == OFVersion.OF_10
                            ? f.actions().stripVlan() : f.actions().popVlan(), f.actions().output(OFPort.FLOOD, 0),
                            f.actions().output(OFPort.IN_PORT, 0), f.actions().output(OFPort.ALL, 0),
                            f.actions().output(OFPort.CONTROLLER, 0xffff)))
                    .setData(TestFrames.frame(7, 1)).build());
            assertEquals(7, Wire.packetOutInPort(b, 5, v), f.getVersion().toString());
            assertArrayEquals(new int[] {2, Wire.PORT_FLOOD, Wire.PORT_IN_PORT, Wire.PORT_ALL,
                OFPort.CONTROLLER.getPortNumber()}, Wire.packetOutOutputs(b, 5, v), f.getVersion().toString());
            ByteBuf none = atFive(f.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.CONTROLLER)
                    .setActions(List.of()).setData(TestFrames.frame(7, 1)).build());
            assertEquals(OFPort.CONTROLLER.getPortNumber(), Wire.packetOutInPort(none, 5, v));
            assertEquals(0, Wire.packetOutOutputs(none, 5, v).length);
        }
    }

    @Test
    void headerOnlyMessagesReadBackWithOpenflowj() {
        for (OFFactory f : List.of(OF10, OF13)) {
            int v = f.getVersion().getWireVersion();
            ByteBuf b = Unpooled.buffer();
            Wire.writeHeader(b, v, Wire.barrierReply(v), Wire.HEADER, 0x7788);
            OFMessage m = TestMessages.parseAll(b).get(0);
            assertEquals(f.getVersion(), m.getVersion());
            assertEquals(0x7788, ((OFBarrierReply) m).getXid());
        }
    }

    private static SwitchSpec spec(OFFactory f) {
        return new SwitchSpec(1, 0, f.getVersion().getWireVersion(), 0, 1, 1, 1, 1, 1, true, false, -1, 1, 1, 0);
    }
}
