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

class Ip4PrefixTest {

    @Test
    void addressRoundTripsThroughTextAndBytes() {
        Ip4Address a = Ip4Address.parse("192.168.1.254");
        assertEquals("192.168.1.254", a.toString());
        assertEquals(a, Ip4Address.of(a.toBytes(), 0));
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, (byte) 254}, a.toBytes());
        assertTrue(Ip4Address.parse("10.0.0.1").compareTo(Ip4Address.parse("192.168.0.1")) < 0);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "1.2.3", "256.1.1.1", "::1", "host.example", "1.2.3.4/24"})
    void rejectsWhatIsNotAnIpv4Address(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ip4Address.parse(text));
    }

    @Test
    void prefixIsCanonical() {
        Ip4Prefix p = Ip4Prefix.parse("10.1.2.3/8");
        assertEquals("10.0.0.0/8", p.toString());
        assertEquals(Ip4Prefix.parse("10.0.0.0/8"), p);
        assertEquals(32, Ip4Prefix.parse("10.1.2.3").length());
        assertEquals("0.0.0.0/0", Ip4Prefix.parse("1.2.3.4/0").toString());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/ 8", "10.0.0/8", "10.0.0.0/008"})
    void rejectsMalformedPrefixes(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ip4Prefix.parse(text));
    }

    @Test
    void anAddressWithoutHostBitsIsHeldAsGiven() {
        Ip4Address a = Ip4Address.parse("10.0.0.5");
        assertTrue(Ip4Prefix.of(a, 32).address() == a, "not copied");
        assertEquals(Ip4Address.parse("10.0.0.0"), Ip4Prefix.of(a, 24).address());
    }

    @Test
    void masks() {
        assertEquals(0, Ip4Prefix.mask(0));
        assertEquals(0xffffff00, Ip4Prefix.mask(24));
        assertEquals(-1, Ip4Prefix.mask(32));
    }

    @Test
    void containmentAndOverlap() {
        Ip4Prefix ten = Ip4Prefix.parse("10.0.0.0/8");
        Ip4Prefix sub = Ip4Prefix.parse("10.1.0.0/16");
        Ip4Prefix other = Ip4Prefix.parse("192.168.0.0/16");
        assertTrue(ten.contains(Ip4Address.parse("10.255.0.1")));
        assertFalse(ten.contains(Ip4Address.parse("11.0.0.1")));
        assertTrue(ten.contains(sub));
        assertFalse(sub.contains(ten));
        assertTrue(ten.overlaps(sub) && sub.overlaps(ten));
        assertFalse(ten.overlaps(other));
        assertTrue(Ip4Prefix.parse("0.0.0.0/0").contains(other));
    }
}
