package io.skylane.vpc.dataplane.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.Ipv4;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's decisions, as a pure function of request and lease. */
class DhcpServerTest {

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress ROUTER = MacAddress.parse("0e:5c:01:00:00:07");
    private static final DhcpClient CLIENT = new DhcpClient(MAC);
    private static final Ip4Address GW = Ip4Address.parse("10.0.0.1");
    private static final Ip4Address IP = Ip4Address.parse("10.0.0.5");
    private static final Ip4Address OTHER = Ip4Address.parse("10.0.0.99");
    private static final DhcpLease LEASE = new DhcpLease(IP, 24, GW, Optional.of(GW),
            List.of(Ip4Address.parse("192.0.2.53"), Ip4Address.parse("192.0.2.54")), 1500, 86400);

    private static int u32(byte[] v) {
        return ByteBuffer.wrap(v).getInt();
    }

    @Test
    void discoverGetsAnOfferWithTheWholeConfiguration() {
        DhcpServer.Reply r = DhcpServer.answer(CLIENT.discover(42, false), LEASE).orElseThrow();
        DhcpMessage m = r.message();
        assertEquals(DhcpMessage.OFFER, r.type());
        assertEquals(DhcpMessage.BOOTREPLY, m.op());
        assertEquals(42, m.xid());
        assertEquals(IP, m.yiaddr());
        assertEquals(Ip4Address.ZERO, m.ciaddr());
        assertEquals(MAC, m.chaddr());
        assertEquals(GW, m.serverId().orElseThrow());
        assertEquals(86400, u32(m.option(DhcpMessage.OPT_LEASE_TIME).orElseThrow()));
        assertEquals(43200, u32(m.option(DhcpMessage.OPT_RENEWAL_TIME).orElseThrow()));
        assertEquals(75600, u32(m.option(DhcpMessage.OPT_REBINDING_TIME).orElseThrow()));
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, 0}, m.option(DhcpMessage.OPT_SUBNET_MASK).orElseThrow());
        assertArrayEquals(GW.toBytes(), m.option(DhcpMessage.OPT_ROUTER).orElseThrow());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 53, (byte) 192, 0, 2, 54}, m.option(DhcpMessage.OPT_DNS).orElseThrow());
        assertArrayEquals(new byte[] {0x05, (byte) 0xdc}, m.option(DhcpMessage.OPT_MTU).orElseThrow());
        assertEquals(IP, r.destination(), "no broadcast bit, no ciaddr: to the offered address");
        assertEquals(GW, r.source());

        byte[] frame = r.frame(ROUTER, VlanId.NONE);
        Ethernet eth = Ethernet.parse(frame);
        assertEquals(MAC, eth.destination());
        assertEquals(ROUTER, eth.source());
        Ipv4 ip = eth.ipv4().orElseThrow();
        assertEquals(GW, ip.source());
        assertEquals(IP, ip.destination());
        assertEquals(67, ip.sourcePort());
        assertEquals(68, ip.destPort());
        assertEquals(m, DhcpMessage.parse(frame));
    }

    @Test
    void theBroadcastBitMakesTheAnswerBroadcast() {
        DhcpServer.Reply r = DhcpServer.answer(CLIENT.discover(1, true), LEASE).orElseThrow();
        assertEquals(DhcpClient.BROADCAST, r.destination());
        assertTrue(r.message().broadcast(), "flags are echoed");
    }

    @Test
    void requestsForThePortsAddressAreAcked() {
        DhcpServer.Reply selecting = DhcpServer.answer(CLIENT.select(2, IP, GW), LEASE).orElseThrow();
        assertEquals(DhcpMessage.ACK, selecting.type());
        assertEquals(IP, selecting.message().yiaddr());
        assertEquals(86400, u32(selecting.message().option(DhcpMessage.OPT_LEASE_TIME).orElseThrow()));
        DhcpServer.Reply reboot = DhcpServer.answer(CLIENT.reboot(3, IP), LEASE).orElseThrow();
        assertEquals(DhcpMessage.ACK, reboot.type());
        DhcpServer.Reply renew = DhcpServer.answer(CLIENT.renew(4, IP), LEASE).orElseThrow();
        assertEquals(DhcpMessage.ACK, renew.type());
        assertEquals(IP, renew.message().ciaddr(), "ciaddr echoed in the ACK");
        assertEquals(IP, renew.destination(), "renewing: unicast to ciaddr");
    }

    @Test
    void requestsForAnotherAddressAreNaked() {
        for (DhcpMessage wrong : List.of(CLIENT.select(5, OTHER, GW), CLIENT.reboot(6, OTHER), CLIENT.renew(7, OTHER))) {
            DhcpServer.Reply r = DhcpServer.answer(wrong, LEASE).orElseThrow();
            assertEquals(DhcpMessage.NAK, r.type());
            assertEquals(Ip4Address.ZERO, r.message().yiaddr());
            assertEquals(DhcpClient.BROADCAST, r.destination(), "a NAK is broadcast");
            assertEquals(GW, r.message().serverId().orElseThrow());
            assertTrue(r.message().option(DhcpMessage.OPT_LEASE_TIME).isEmpty());
        }
    }

    @Test
    void aRequestToAnotherServerGetsNothing() {
        assertTrue(DhcpServer.answer(CLIENT.select(8, IP, Ip4Address.parse("10.0.0.254")), LEASE).isEmpty());
        assertTrue(DhcpServer.answer(CLIENT.message(DhcpMessage.REQUEST, 9, false, Ip4Address.ZERO), LEASE).isEmpty(),
                "a request for nothing in particular");
    }

    @Test
    void informGetsTheConfigurationWithoutAnAddress() {
        DhcpServer.Reply r = DhcpServer.answer(CLIENT.message(DhcpMessage.INFORM, 10, false, IP), LEASE).orElseThrow();
        assertEquals(DhcpMessage.ACK, r.type());
        assertEquals(Ip4Address.ZERO, r.message().yiaddr());
        assertEquals(IP, r.message().ciaddr());
        assertTrue(r.message().option(DhcpMessage.OPT_LEASE_TIME).isEmpty(), "no lease time for INFORM (RFC 2131 3.4)");
        assertTrue(r.message().option(DhcpMessage.OPT_ROUTER).isPresent());
        assertEquals(IP, r.destination());
    }

    @Test
    void releaseDeclineAndServerMessagesGetNothing() {
        for (int type : new int[] {DhcpMessage.RELEASE, DhcpMessage.DECLINE, DhcpMessage.OFFER, DhcpMessage.ACK, 99}) {
            assertTrue(DhcpServer.answer(CLIENT.message(type, 11, false, IP), LEASE).isEmpty(), "type " + type);
        }
        DhcpMessage reply = DhcpServer.answer(CLIENT.discover(1, false), LEASE).orElseThrow().message();
        assertTrue(DhcpServer.answer(reply, LEASE).isEmpty(), "a BOOTREPLY is never answered");
    }

    @Test
    void withoutRouterOrDnsThoseOptionsAreLeftOut() {
        DhcpLease bare = new DhcpLease(IP, 16, Ip4Address.parse("169.254.169.254"), Optional.empty(), List.of(), 1500,
                3600);
        DhcpMessage m = DhcpServer.answer(CLIENT.discover(1, false), bare).orElseThrow().message();
        assertTrue(m.option(DhcpMessage.OPT_ROUTER).isEmpty());
        assertTrue(m.option(DhcpMessage.OPT_DNS).isEmpty());
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, 0, 0}, m.option(DhcpMessage.OPT_SUBNET_MASK).orElseThrow());
        assertEquals(1800, u32(m.option(DhcpMessage.OPT_RENEWAL_TIME).orElseThrow()));
    }
}
