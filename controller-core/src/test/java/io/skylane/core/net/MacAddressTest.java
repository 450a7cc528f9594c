package io.skylane.core.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @Test
    void parsesColonsOrDashesAndPrintsColonsLowerCase() {
        MacAddress m = MacAddress.parse("AA-BB-cc:0d:0E:ff");
        assertEquals(0xaabbcc0d0effL, m.value());
        assertEquals("aa:bb:cc:0d:0e:ff", m.toString());
        assertEquals(m, MacAddress.parse(m.toString()));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:fg", "aa.bb.cc.dd.ee.ff", "aabbccddeeff",
        "aa:bb:cc:dd:ee:ff:00"})
    void rejectsMalformedText(String text) {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(text));
    }

    @Test
    void rejectsMoreThan48Bits() {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(1L << 48));
    }

    @Test
    void knowsBroadcastAndMulticast() {
        assertTrue(MacAddress.BROADCAST.isBroadcast());
        assertTrue(MacAddress.BROADCAST.isMulticast());
        assertTrue(MacAddress.LLDP_NEAREST_BRIDGE.isMulticast());
        assertTrue(MacAddress.parse("33:33:00:00:00:01").isMulticast());
        assertFalse(MacAddress.parse("02:00:00:00:00:01").isMulticast());
        assertFalse(MacAddress.parse("02:00:00:00:00:01").isBroadcast());
    }

    @Test
    void convertsToAndFromBytes() {
        byte[] b = {0, 1, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff};
        MacAddress m = MacAddress.of(b, 2);
        assertEquals("aa:bb:cc:dd:ee:ff", m.toString());
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff},
                m.toBytes());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(b, 3));
    }
}
