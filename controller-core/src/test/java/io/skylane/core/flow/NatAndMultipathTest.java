package io.skylane.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action.Multipath.Algorithm;
import io.skylane.core.flow.Action.Multipath.HashFields;
import io.skylane.core.net.Ip4Address;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The load balancer's actions: ct with NAT and multipath (Open vSwitch's Nicira extensions). */
class NatAndMultipathTest {

    private static final Ip4Address MEMBER = Ip4Address.parse("10.0.0.21");
    private static final Ip4Address VIP = Ip4Address.parse("10.0.0.100");

    @Test
    void ctWithNatReadsAsOpenVSwitchWritesIt() {
        assertEquals("ct(commit,zone=61540,nat(dst=10.0.0.21:8080),table=4)",
                Action.ctCommitNat(61540, Nat.dst(MEMBER, 8080), 4).toString());
        assertEquals("ct(zone=61540,nat,table=4)", Action.ctNat(61540, 4).toString());
        assertEquals("ct(commit,zone=57444,nat(src=10.0.0.100:1024-65279),table=4)",
                Action.ctCommitNat(57444, Nat.src(VIP, 1024, 65279), 4).toString());
        assertEquals("nat(src=10.0.0.100)", Nat.src(VIP).toString());
        assertEquals("nat(dst=10.0.0.21)", Nat.dst(MEMBER, 0).toString());
        assertEquals("nat(dst=10.0.0.21-10.0.0.23:5353-5354)",
                new Nat(Nat.Type.DST, MEMBER, Ip4Address.parse("10.0.0.23"), 5353, 5354).toString());
    }

    @Test
    void ctWithoutNatIsTheSameAsBefore() {
        assertEquals(new Action.Ct(true, 5, OptionalInt.of(3), Optional.empty()), new Action.Ct(true, 5, OptionalInt.of(3)));
        assertEquals(Optional.empty(), ((Action.Ct) Action.ctCommit(5)).nat());
        assertEquals(Optional.of(Nat.existing()), ((Action.Ct) Action.ctNat(5, 3)).nat());
    }

    @Test
    void natSrcAndDstNeedCommitAsOpenVSwitchRequires() {
        // OVS: "CT action requires commit flag if actions other than NAT without arguments are specified"
        assertThrows(IllegalArgumentException.class,
                () -> new Action.Ct(false, 5, OptionalInt.of(4), Optional.of(Nat.dst(MEMBER, 8080))));
        assertThrows(IllegalArgumentException.class,
                () -> new Action.Ct(false, 5, OptionalInt.empty(), Optional.of(Nat.src(VIP))));
        new Action.Ct(true, 5, OptionalInt.empty(), Optional.of(Nat.existing()));
        assertThrows(NullPointerException.class, () -> new Action.Ct(true, 5, OptionalInt.empty(), null));
    }

    @Test
    void natRangesAreValidated() {
        assertTrue(Nat.dst(MEMBER, 8080).translates());
        assertFalse(Nat.existing().translates());
        assertFalse(Nat.src(VIP).hasPorts());
        assertThrows(IllegalArgumentException.class, () -> Nat.dst(Ip4Address.ZERO, 80));
        assertThrows(IllegalArgumentException.class, () -> Nat.dst(MEMBER, 65536));
        assertThrows(IllegalArgumentException.class, () -> Nat.dst(MEMBER, -1));
        assertThrows(IllegalArgumentException.class, () -> Nat.src(VIP, 2000, 1999));
        assertThrows(IllegalArgumentException.class, () -> Nat.src(VIP, 0, 80));
        assertThrows(IllegalArgumentException.class,
                () -> new Nat(Nat.Type.DST, Ip4Address.parse("10.0.0.3"), Ip4Address.parse("10.0.0.1"), 0, 0));
        // the range is unsigned: 10.x to 200.x is a range, 200.x to 10.x is not
        new Nat(Nat.Type.DST, MEMBER, Ip4Address.parse("200.0.0.1"), 0, 0);
        assertThrows(IllegalArgumentException.class,
                () -> new Nat(Nat.Type.DST, Ip4Address.parse("200.0.0.1"), MEMBER, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Nat(Nat.Type.EXISTING, MEMBER, MEMBER, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Nat(Nat.Type.EXISTING, Ip4Address.ZERO, Ip4Address.ZERO, 80, 80));
    }

    @Test
    void multipathReadsAsOpenVSwitchWritesIt() {
        assertEquals("multipath(nw_src,0,modulo_n,251,0,OXM_OF_METADATA[32..47])",
                Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 251, 0, 32, 16).toString());
        assertEquals("multipath(symmetric_l3l4+udp,7,modulo_n,31,0,OXM_OF_METADATA[32..47])",
                Action.multipath(HashFields.SYMMETRIC_L3L4_UDP, 7, Algorithm.MODULO_N, 31, 0, 32, 16).toString());
        assertEquals(Optional.of(HashFields.SYMMETRIC_L3L4_UDP), HashFields.named("symmetric_l3l4+udp"));
        assertEquals(Optional.of(Algorithm.HASH_THRESHOLD), Algorithm.named("hash_threshold"));
        assertEquals(Optional.empty(), Algorithm.named("MODULO_N"));
    }

    @Test
    void multipathIsValidatedAsOpenVSwitchDoes() {
        Action.multipath(HashFields.NW_SRC, 0xffff, Algorithm.HRW, 256, 0xffffffffL, 56, 8);
        Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 65536, 0, 0, 64);
        // "8-bit destination field has 256 possible values, less than specified n_links 257"
        assertThrows(IllegalArgumentException.class,
                () -> Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 257, 0, 32, 8));
        assertThrows(IllegalArgumentException.class,
                () -> Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 0, 0, 32, 16));
        assertThrows(IllegalArgumentException.class,
                () -> Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 65537, 0, 0, 64));
        assertThrows(IllegalArgumentException.class,
                () -> Action.multipath(HashFields.NW_SRC, 0x10000, Algorithm.MODULO_N, 2, 0, 32, 16));
        assertThrows(IllegalArgumentException.class,
                () -> Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 2, 1L << 32, 32, 16));
        assertThrows(IllegalArgumentException.class,
                () -> Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 2, 0, 56, 9));
        assertThrows(IllegalArgumentException.class,
                () -> Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 2, 0, 64, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 2, 0, 0, 0));
        assertThrows(NullPointerException.class,
                () -> Action.multipath(null, 0, Algorithm.MODULO_N, 2, 0, 0, 8));
    }
}
