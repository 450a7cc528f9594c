package io.skylane.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionTest {

    @Test
    void outputMaxLenMattersOnlyForTheController() {
        assertEquals(new Action.Output(PortNumber.of(1), 0), new Action.Output(PortNumber.of(1), 128));
        assertEquals(0xffff, ((Action.Output) Action.toController()).maxLen());
        assertEquals(128, new Action.Output(PortNumber.CONTROLLER, 128).maxLen());
        assertThrows(IllegalArgumentException.class, () -> Action.output(PortNumber.ANY));
        assertThrows(IllegalArgumentException.class, () -> new Action.Output(PortNumber.CONTROLLER, 0x10000));
    }

    @Test
    void setFieldTakesAnExactSettableValue() {
        assertThrows(IllegalArgumentException.class,
                () -> new Action.SetField(Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.0/8"))));
        assertThrows(IllegalArgumentException.class, () -> new Action.SetField(Criterion.inPort(PortNumber.of(1))));
        assertThrows(IllegalArgumentException.class, () -> Action.setVlan(VlanId.NONE));
        assertEquals(new Action.SetField(Criterion.ethSrc(MacAddress.of(1))), Action.setEthSrc(MacAddress.of(1)));
    }

    @Test
    void tagActionsTakeTheirEtherTypes() {
        assertThrows(IllegalArgumentException.class, () -> new Action.PushVlan(EthType.IPV4));
        assertThrows(IllegalArgumentException.class, () -> new Action.PushMpls(EthType.VLAN));
        assertThrows(IllegalArgumentException.class, () -> new Action.PopMpls(0));
        assertEquals(EthType.QINQ, new Action.PushVlan(EthType.QINQ).ethType());
    }

    @Test
    void groupsRefuseReservedIdsAndIndirectGroupsHaveOneBucket() {
        assertThrows(IllegalArgumentException.class, () -> new Action.Group(0xfffffffc));
        GroupBucket b = GroupBucket.all(List.of(Action.output(PortNumber.of(1))));
        assertThrows(IllegalArgumentException.class, () -> new GroupDescription(DeviceId.of(1), 1,
                GroupDescription.Type.INDIRECT, List.of(b, b), 20));
        assertThrows(IllegalArgumentException.class, () -> new GroupDescription(DeviceId.of(1), 0xffffffff,
                GroupDescription.Type.ALL, List.of(b), 20));
        assertThrows(IllegalArgumentException.class, () -> GroupBucket.select(0x10000, List.of()));
        assertEquals(new GroupDescription.GroupKey(DeviceId.of(1), 1),
                new GroupDescription(DeviceId.of(1), 1, GroupDescription.Type.INDIRECT, List.of(b), 20).key());
    }

    @Test
    void instructionsValidateTheirArguments() {
        assertThrows(IllegalArgumentException.class, () -> Instruction.gotoTable(0));
        assertThrows(IllegalArgumentException.class, () -> new Instruction.Meter(0));
        assertThrows(IllegalArgumentException.class, () -> new Instruction.WriteMetadata(1, 0));
        assertEquals(new Instruction.WriteMetadata(0x10, 0xf0), new Instruction.WriteMetadata(0x1f, 0xf0));
    }
}
