package io.skylane.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PortNumberTest {

    @Test
    void reservedPortsHaveNamesAndAreNotPhysical() {
        assertEquals("FLOOD", PortNumber.FLOOD.toString());
        assertEquals("CONTROLLER", PortNumber.CONTROLLER.toString());
        assertEquals("LOCAL", PortNumber.LOCAL.toString());
        assertEquals("7", PortNumber.of(7).toString());
        assertFalse(PortNumber.FLOOD.isPhysical());
        assertFalse(PortNumber.of(0).isPhysical());
        assertTrue(PortNumber.of(1).isPhysical());
        assertTrue(PortNumber.of(PortNumber.MAX_PHYSICAL).isPhysical());
    }

    @Test
    void rangeIs32BitsUnsigned() {
        assertThrows(IllegalArgumentException.class, () -> PortNumber.of(-1));
        assertThrows(IllegalArgumentException.class, () -> PortNumber.of(0x1_0000_0000L));
        assertEquals(PortNumber.ANY, PortNumber.of(0xffffffffL));
    }

    @Test
    void connectPointParsesAndPrints() {
        ConnectPoint cp = ConnectPoint.parse("00000000000000d1/3");
        assertEquals(ConnectPoint.of(DeviceId.of(0xd1), PortNumber.of(3)), cp);
        assertEquals("00000000000000d1/3", cp.toString());
        assertThrows(IllegalArgumentException.class, () -> ConnectPoint.parse("d1"));
        assertThrows(IllegalArgumentException.class, () -> ConnectPoint.parse("d1/x"));
        assertThrows(IllegalArgumentException.class, () -> ConnectPoint.parse(null));
        assertTrue(ConnectPoint.parse("d1/3").compareTo(ConnectPoint.parse("d1/10")) < 0);
    }

    @Test
    void vlanIdRange() {
        assertEquals(4095, VlanId.of(4095).value());
        assertTrue(VlanId.NONE.isNone());
        assertEquals("none", VlanId.NONE.toString());
        assertThrows(IllegalArgumentException.class, () -> VlanId.of(4096));
        assertThrows(IllegalArgumentException.class, () -> VlanId.of(-2));
    }
}
