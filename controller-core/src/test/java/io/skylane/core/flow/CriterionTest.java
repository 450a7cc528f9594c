package io.skylane.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import org.junit.jupiter.api.Test;

class CriterionTest {

    @Test
    void masksAreNormalised() {
        MacAddress oui = MacAddress.parse("ff:ff:ff:00:00:00");
        Criterion a = Criterion.ethDstMasked(MacAddress.parse("01:00:5e:12:34:56"), oui);
        Criterion b = Criterion.ethDstMasked(MacAddress.parse("01:00:5e:00:00:00"), oui);
        assertEquals(a, b);
        assertTrue(a.isMasked());
        assertEquals(Criterion.ethDst(MacAddress.of(5)),
                Criterion.ethDstMasked(MacAddress.of(5), MacAddress.BROADCAST));
        assertFalse(Criterion.ethDst(MacAddress.of(5)).isMasked());
        assertEquals(Criterion.metadata(0x10, 0xf0), Criterion.metadata(0x1f, 0xf0));
        assertTrue(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.0/8")).isMasked());
        assertFalse(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.1/32")).isMasked());
    }

    @Test
    void invalidCriteriaAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Criterion.exact(Type.IP_PROTO, 256));
        assertThrows(IllegalArgumentException.class, () -> Criterion.exact(Type.IN_PORT, 1));
        assertThrows(IllegalArgumentException.class, () -> Criterion.metadata(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Criterion.NumberField(Type.TCP_DST, 80, 0xff));
        assertThrows(IllegalArgumentException.class, () -> Criterion.ipv4Dst(Ip4Prefix.parse("0.0.0.0/0")));
        assertThrows(IllegalArgumentException.class,
                () -> new Criterion.MacField(Type.ETH_TYPE, MacAddress.ZERO, MacAddress.BROADCAST));
        assertThrows(IllegalArgumentException.class,
                () -> new Criterion.Ip4Field(Type.ETH_SRC, Ip4Prefix.parse("10.0.0.1")));
    }

    @Test
    void fieldWidths() {
        assertEquals(0xfffL, Type.VLAN_VID.fullMask());
        assertEquals(-1L, Type.METADATA.fullMask());
        assertEquals(0xfffffL, Type.MPLS_LABEL.fullMask());
        assertEquals(0xffffL, Criterion.exact(Type.TCP_DST, 0xffff).type().fullMask());
    }
}
