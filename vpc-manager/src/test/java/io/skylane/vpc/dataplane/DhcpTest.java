package io.skylane.vpc.dataplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.flow.Action;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.Ipv4;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.vpc.dataplane.dhcp.DhcpClient;
import io.skylane.vpc.dataplane.dhcp.DhcpMessage;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.SubnetUpdate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller's DHCP answers to tenant ports, against the real core and topology on a fake fabric. */
class DhcpTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final Ip4Address IP = Ip4Address.parse("10.0.0.5");
    private static final Ip4Address GW = Ip4Address.parse("10.0.0.1");
    private final DataPlaneTestbed bed = new DataPlaneTestbed();
    private final TestCore core = bed.core;
    private final FakeFabric net = bed.net;
    private final IntentService intents = bed.intents;
    private final TenantDataPlane vpc = bed.vpc;
    private final DhcpClient client = new DhcpClient(MAC);

    @BeforeEach
    void start() {
        bed.start();
    }

    @AfterEach
    void stop() {
        assertEquals(0, core.packets().processorFailures(), "no exception out of a packet processor");
        bed.stop();
    }

    private Vpc newVpc() {
        return bed.tenant.vpc();
    }

    private UUID subnet(UUID v, SubnetUpdate settings) {
        return bed.tenant.subnet(v, "10.0.0.0/24", settings).id();
    }

    private Port port(UUID v, MacAddress mac, String ip, long dpid, long port) {
        return bed.tenant.port(v, mac.toString(), ip, FakeFabric.cp(dpid, port));
    }

    private List<OutboundPacket> send(long dpid, long port, byte[] frame) {
        return bed.send(dpid, port, frame);
    }

    /** The one DHCP answer to {@code frame} sent in at s1 port 3, or null when none. */
    private OutboundPacket answer(byte[] frame) {
        List<OutboundPacket> outs = send(1, 3, frame);
        assertTrue(outs.size() <= 1, "at most one answer: " + outs);
        return outs.isEmpty() ? null : outs.get(0);
    }

    private static int u32(byte[] v) {
        return ByteBuffer.wrap(v).getInt();
    }

    @Test
    void discoverGetsAnOfferOutOfThePortFromTheRouter() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE.withDnsNameservers(List.of(IpAddresses.parse("192.0.2.53"))));
        port(v.id(), MAC, "10.0.0.5", 1, 3);

        OutboundPacket out = answer(client.broadcastFrame(client.discover(0xcafe, true)));

        assertEquals(DeviceId.of(1), out.deviceId());
        assertEquals(List.of(Action.output(PortNumber.of(3))), out.actions(), "out of the asking port only");
        Ethernet eth = Ethernet.parse(out.data());
        assertEquals(MAC, eth.destination());
        assertEquals(Pipeline.routerMac(v.segmentId()), eth.source());
        Ipv4 ip = eth.ipv4().orElseThrow();
        assertEquals(GW, ip.source());
        assertEquals(DhcpClient.BROADCAST, ip.destination(), "broadcast bit set");
        DhcpMessage offer = DhcpMessage.parse(out.data());
        assertEquals(DhcpMessage.OFFER, offer.messageType());
        assertEquals(0xcafe, offer.xid());
        assertEquals(IP, offer.yiaddr());
        assertEquals(GW, offer.serverId().orElseThrow());
        assertArrayEquals(GW.toBytes(), offer.option(DhcpMessage.OPT_ROUTER).orElseThrow());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 53}, offer.option(DhcpMessage.OPT_DNS).orElseThrow());
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, 0},
                offer.option(DhcpMessage.OPT_SUBNET_MASK).orElseThrow());
        assertEquals(1500, ByteBuffer.wrap(offer.option(DhcpMessage.OPT_MTU).orElseThrow()).getShort());
        assertEquals(86400, u32(offer.option(DhcpMessage.OPT_LEASE_TIME).orElseThrow()));
        assertEquals(1L, vpc.counters().get("dhcpOffers"));
    }

    @Test
    void requestForThePortsAddressIsAcked() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE);
        port(v.id(), MAC, "10.0.0.5", 1, 3);

        DhcpMessage ack = DhcpMessage.parse(answer(client.broadcastFrame(client.select(1, IP, GW))).data());
        assertEquals(DhcpMessage.ACK, ack.messageType());
        assertEquals(IP, ack.yiaddr());

        // renewing: unicast from its address to the gateway's (router) MAC and address
        OutboundPacket renew = answer(client.unicastFrame(client.renew(2, IP), IP, Pipeline.routerMac(v.segmentId()), GW));
        assertEquals(DhcpMessage.ACK, DhcpMessage.parse(renew.data()).messageType());
        assertEquals(IP, Ethernet.parse(renew.data()).ipv4().orElseThrow().destination(), "unicast to ciaddr");
        assertEquals(2L, vpc.counters().get("dhcpAcks"));
    }

    @Test
    void requestForAnotherAddressIsNaked() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE);
        port(v.id(), MAC, "10.0.0.5", 1, 3);

        OutboundPacket out = answer(client.broadcastFrame(client.reboot(3, Ip4Address.parse("10.0.0.77"))));

        DhcpMessage nak = DhcpMessage.parse(out.data());
        assertEquals(DhcpMessage.NAK, nak.messageType());
        assertEquals(Ip4Address.ZERO, nak.yiaddr());
        assertEquals(DhcpClient.BROADCAST, Ethernet.parse(out.data()).ipv4().orElseThrow().destination());
        assertEquals(1L, vpc.counters().get("dhcpNaks"));
    }

    @Test
    void informIsAckedWithoutAnAddress() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE);
        port(v.id(), MAC, "10.0.0.5", 1, 3);

        OutboundPacket out = answer(client.unicastFrame(client.message(DhcpMessage.INFORM, 4, false, IP), IP,
                Pipeline.routerMac(v.segmentId()), GW));

        DhcpMessage ack = DhcpMessage.parse(out.data());
        assertEquals(DhcpMessage.ACK, ack.messageType());
        assertEquals(Ip4Address.ZERO, ack.yiaddr());
        assertTrue(ack.option(DhcpMessage.OPT_LEASE_TIME).isEmpty());
        assertNull(answer(client.unicastFrame(client.message(DhcpMessage.RELEASE, 5, false, IP), IP,
                Pipeline.routerMac(v.segmentId()), GW)), "release: nothing to say");
        assertNull(answer(client.broadcastFrame(client.message(DhcpMessage.DECLINE, 6, false, Ip4Address.ZERO,
                DhcpMessage.Option.addresses(DhcpMessage.OPT_REQUESTED_IP, List.of(IP))))), "decline: nothing to say");
        assertEquals(1L, vpc.counters().get("dhcpDeclines"));
    }

    @Test
    void aSubnetWithDhcpDisabledGetsNoAnswer() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE.withEnableDhcp(false));
        port(v.id(), MAC, "10.0.0.5", 1, 3);

        assertNull(answer(client.broadcastFrame(client.discover(1, false))));
        assertEquals(1L, vpc.counters().get("dhcpIgnored"));
    }

    @Test
    void aSubnetWithoutGatewayAnswersFromTheLinkLocalServerIdWithoutRouter() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE.withGatewayIp(null));
        port(v.id(), MAC, "10.0.0.5", 1, 3);

        DhcpMessage offer = DhcpMessage.parse(answer(client.broadcastFrame(client.discover(1, false))).data());
        assertEquals(TenantDataPlane.NO_GATEWAY_SERVER_ID, offer.serverId().orElseThrow());
        assertTrue(offer.option(DhcpMessage.OPT_ROUTER).isEmpty());
    }

    @Test
    void onlyThePortsOwnMacAtItsOwnSwitchPortIsAnswered() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE);
        Vpc other = newVpc();
        subnet(other.id(), SubnetUpdate.NONE);
        port(v.id(), MAC, "10.0.0.5", 1, 3);
        MacAddress theirs = MacAddress.parse("02:00:00:00:00:09");
        port(other.id(), theirs, "10.0.0.7", 3, 3);
        DhcpClient impostor = new DhcpClient(theirs);

        assertNull(answer(impostor.broadcastFrame(impostor.discover(1, false))),
                "the MAC of another VPC's port, at this port: no answer");
        assertNull(answer(impostor.broadcastFrame(impostor.select(2, Ip4Address.parse("10.0.0.7"), GW))));
        assertTrue(send(2, 3, client.broadcastFrame(client.discover(3, false))).isEmpty(),
                "the right MAC at a switch port that is not the port's: no answer");
        assertEquals(2L, vpc.counters().get("dhcpIgnored"));
        assertEquals(0L, vpc.counters().get("dhcpOffers") + vpc.counters().get("dhcpAcks"));
    }

    @Test
    void anUnboundPortIsPlacedByItsFirstDiscoverAndAnsweredOnTheRetry() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE);
        bed.tenant.port(v.id(), MAC.toString(), "10.0.0.5", null);
        byte[] discover = client.broadcastFrame(client.discover(1, false));

        assertTrue(send(2, 3, discover).stream().noneMatch(p -> p.actions().equals(List.of(Action.output(PortNumber.of(3))))
                && isDhcp(p.data())), "the first DISCOVER only places the port");
        assertEquals(1L, vpc.counters().get("learnedBindings"));
        List<OutboundPacket> retry = send(2, 3, discover);
        assertEquals(1, retry.size());
        assertEquals(DhcpMessage.OFFER, DhcpMessage.parse(retry.get(0).data()).messageType());
    }

    private static boolean isDhcp(byte[] frame) {
        try {
            DhcpMessage.parse(frame);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void malformedDhcpIsCountedAndNeverThrown() {
        Vpc v = newVpc();
        subnet(v.id(), SubnetUpdate.NONE);
        port(v.id(), MAC, "10.0.0.5", 1, 3);
        byte[] good = client.broadcastFrame(client.discover(1, false));

        assertNull(answer(Arrays.copyOf(good, 14 + 20 + 8 + 100)), "truncated");
        byte[] cookie = good.clone();
        cookie[14 + 20 + 8 + 236] = 0;
        assertNull(answer(cookie), "bad magic cookie");
        DhcpMessage typeless = new DhcpMessage(DhcpMessage.BOOTREQUEST, 0, 1, 0, 0, Ip4Address.ZERO, Ip4Address.ZERO,
                Ip4Address.ZERO, Ip4Address.ZERO, MAC, List.of());
        assertNull(answer(client.broadcastFrame(typeless)), "no message type (BOOTP)");
        assertNull(answer(TestPackets.udp(MAC, MacAddress.BROADCAST, Ip4Address.ZERO, DhcpClient.BROADCAST, 68, 67)),
                "a UDP header and nothing else");

        assertEquals(3L, vpc.counters().get("dhcpMalformed"));
        assertEquals(1L, vpc.counters().get("dhcpIgnored"));
        assertEquals(0L, core.packets().malformed(), "TenantDataPlane handles its malformed frames itself");
        assertEquals(DhcpMessage.OFFER, DhcpMessage.parse(answer(good).data()).messageType(), "still answering");
    }
}
