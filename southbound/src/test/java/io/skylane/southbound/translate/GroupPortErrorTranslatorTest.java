package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.bytes;
import static io.skylane.southbound.OFTestMessages.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.MeterDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchOp;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFErrorCauseData;

class GroupPortErrorTranslatorTest {

    static final DeviceId D = DeviceId.of(1);

    @Test
    void groupsRoundTripThroughGroupModAndGroupDesc() {
        List<GroupDescription> groups = List.of(
                new GroupDescription(D, 1, GroupDescription.Type.SELECT, List.of(
                        GroupBucket.select(1, List.of(Action.setIpv4Dst(Ip4Address.parse("10.0.0.5")),
                                Action.output(PortNumber.of(1)))),
                        GroupBucket.select(2, List.of(Action.output(PortNumber.of(2))))), 0),
                new GroupDescription(D, 2, GroupDescription.Type.ALL, List.of(
                        GroupBucket.all(List.of(Action.output(PortNumber.of(1)))),
                        GroupBucket.all(List.of(Action.output(PortNumber.of(2))))), 0),
                new GroupDescription(D, 3, GroupDescription.Type.INDIRECT, List.of(
                        GroupBucket.all(List.of(Action.output(PortNumber.of(3))))), 0),
                new GroupDescription(D, 4, GroupDescription.Type.FAST_FAILOVER, List.of(
                        GroupBucket.failover(PortNumber.of(1), List.of(Action.output(PortNumber.of(1)))),
                        GroupBucket.failover(PortNumber.of(2), List.of(Action.output(PortNumber.of(2))))), 0));
        for (GroupDescription g : groups) {
            OFGroupMod mod = (OFGroupMod) roundTrip(GroupTranslator.groupMod(SwitchOp.Kind.ADD, g, OF13, 1));
            GroupDescription back = GroupTranslator.toCore(OF13.buildGroupDescStatsEntry().setGroup(mod.getGroup())
                    .setGroupType(mod.getGroupType()).setBuckets(mod.getBuckets()).build(), D);
            assertEquals(g, back);
        }
        // the owner is not on the wire: a desired group of app 7 decodes with app id 0
        GroupDescription owned = new GroupDescription(D, 9, GroupDescription.Type.ALL, List.of(), 7);
        OFGroupMod mod = GroupTranslator.groupMod(SwitchOp.Kind.ADD, owned, OF13, 1);
        assertEquals(0, GroupTranslator.toCore(OF13.buildGroupDescStatsEntry().setGroup(mod.getGroup())
                .setGroupType(mod.getGroupType()).setBuckets(mod.getBuckets()).build(), D).appId());
        assertThrows(IllegalArgumentException.class, () -> GroupTranslator.groupMod(SwitchOp.Kind.ADD, owned, OF10, 1));
    }

    @Test
    void meterModHasDropBandsAndFlags() {
        MeterDescription m = new MeterDescription(D, 5, false, List.of(new MeterDescription.Band(10_000, 1_000)));
        OFMeterMod mod = (OFMeterMod) roundTrip(MeterEncoder.meterMod(SwitchOp.Kind.ADD, m, OF13, 3));
        assertEquals(OFMeterModCommand.ADD, mod.getCommand());
        assertEquals(5, mod.getMeterId());
        assertEquals(EnumSet.of(OFMeterFlags.KBPS, OFMeterFlags.BURST), mod.getFlags());
        assertEquals(List.of(OF13.meterBands().drop(10_000, 1_000)), mod.getMeters());
        assertThrows(IllegalArgumentException.class, () -> MeterEncoder.meterMod(SwitchOp.Kind.ADD, m, OF10, 3));
    }

    @Test
    void errorsUseOpenflowjNames() {
        byte[] failed = bytes(OF13.buildFlowAdd().setXid(17).build());
        OFErrorMsg e = OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(17).setCode(OFFlowModFailedCode.BAD_TABLE_ID)
                .setData(OFErrorCauseData.of(failed, OFVersion.OF_13)).build();
        assertEquals(new SwitchError("FLOW_MOD_FAILED", "BAD_TABLE_ID", 17, "FLOW_MOD"),
                ErrorTranslator.toCore((OFErrorMsg) roundTrip(e)));
        // switches often echo only the first 64 bytes of the request
        byte[] truncated = java.util.Arrays.copyOf(bytes(OF13.buildFlowAdd().setXid(18).setMatch(
                MatchTranslator.toOpenFlow(io.skylane.core.flow.Match.builder().add(Criterion.inPort(PortNumber.of(1)))
                        .add(Criterion.ethSrc(io.skylane.core.net.MacAddress.of(1))).build(), OF13))
                .setInstructions(List.of(OF13.instructions().applyActions(List.of(OF13.actions().output(
                        org.projectfloodlight.openflow.types.OFPort.of(1), 0))))).build()), 64);
        OFErrorMsg e2 = OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(18).setCode(OFFlowModFailedCode.OVERLAP)
                .setData(OFErrorCauseData.of(truncated, OFVersion.OF_13)).build();
        assertEquals("type 14 (64 bytes)", ErrorTranslator.toCore((OFErrorMsg) roundTrip(e2)).request());
        OFErrorMsg e10 = OF10.errorMsgs().buildBadRequestErrorMsg().setXid(3)
                .setCode(org.projectfloodlight.openflow.protocol.OFBadRequestCode.BAD_STAT).build();
        SwitchError s10 = ErrorTranslator.toCore((OFErrorMsg) roundTrip(e10));
        assertEquals("BAD_REQUEST", s10.type());
        assertEquals("BAD_STAT", s10.code());
        assertEquals("", s10.request());
    }

    @Test
    void portSpeedsAndStates() {
        var p13 = PortTranslator.toCore(io.skylane.southbound.OFTestMessages.port(OF13, 4,
                Set.of(org.projectfloodlight.openflow.protocol.OFPortConfig.PORT_DOWN), Set.of()));
        assertEquals(PortNumber.of(4), p13.number());
        assertEquals(false, p13.adminUp());
        assertEquals(true, p13.linkUp());
        assertEquals(10_000_000L, p13.speedKbps());
        var local10 = PortTranslator.toCore(OF10.buildPortDesc().setPortNo(org.projectfloodlight.openflow.types.OFPort.LOCAL)
                .setName("s1").setHwAddr(org.projectfloodlight.openflow.types.MacAddress.of(1))
                .setCurr(EnumSet.of(org.projectfloodlight.openflow.protocol.OFPortFeatures.PF_100MB_FD)).build());
        assertEquals(PortNumber.LOCAL, local10.number());
        assertEquals(100_000L, local10.speedKbps());
    }
}
