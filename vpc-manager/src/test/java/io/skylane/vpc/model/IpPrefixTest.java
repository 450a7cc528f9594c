package io.skylane.vpc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.Ip4Prefix;
import org.junit.jupiter.api.Test;

class IpPrefixTest {

    @Test
    void anIpv4PrefixBecomesTheFlowModelsPrefix() {
        assertEquals(Ip4Prefix.parse("10.1.0.0/16"), IpPrefix.parse("10.1.0.0/16").toIp4Prefix());
        assertEquals(Ip4Prefix.parse("0.0.0.0/0"), IpPrefix.parse("0.0.0.0/0").toIp4Prefix());
        assertEquals(Ip4Prefix.parse("192.168.7.9/32"),
                IpPrefix.host(IpAddresses.parse("192.168.7.9")).toIp4Prefix());
    }

    @Test
    void anIpv6PrefixHasNone() {
        assertThrows(IllegalStateException.class, () -> IpPrefix.parse("2001:db8::/32").toIp4Prefix());
    }
}
