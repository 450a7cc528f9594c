package io.skylane.southbound;

import static io.skylane.southbound.OFTestMessages.OF13;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.SouthboundStatus;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.RecordingListener.Connected;
import io.skylane.southbound.RecordingListener.Disconnected;
import io.skylane.southbound.RecordingListener.PacketIn;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** A real TCP listener, a switch speaking OpenFlow bytes over a plain socket, and a client speaking garbage. */
class OpenFlowServerTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    static OpenFlowConfig loopback() {
        return OpenFlowConfig.defaults().withBindAddress("127.0.0.1").withPorts(0);
    }

    /** One OpenFlow connection from the switch's side. */
    static final class SocketSwitch implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        SocketSwitch(InetSocketAddress controller) throws IOException {
            socket = new Socket(controller.getAddress(), controller.getPort());
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(OFMessage m) throws IOException {
            out.write(OFTestMessages.bytes(m));
            out.flush();
        }

        OFMessage read() throws IOException {
            byte[] header = new byte[8];
            in.readFully(header);
            int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            byte[] frame = new byte[length];
            System.arraycopy(header, 0, frame, 0, 8);
            in.readFully(frame, 8, length - 8);
            return OFTestMessages.parseAll(Unpooled.wrappedBuffer(frame)).get(0);
        }

        <T extends OFMessage> T read(Class<T> type) throws IOException {
            return type.cast(assertInstanceOf(type, read()));
        }

        /** Runs the 1.3 handshake up to the messages the controller sends at READY. */
        void handshake(long dpid) throws IOException {
            OFHello hello = read(OFHello.class);
            assertEquals(4, hello.getVersion().getWireVersion());
            send(OFTestMessages.helloWithBitmap(OF13, 4));
            OFFeaturesRequest fr = read(OFFeaturesRequest.class);
            send(OF13.buildFeaturesReply().setXid(fr.getXid()).setDatapathId(DatapathId.of(dpid)).setNBuffers(0)
                    .setNTables((short) 8).build());
            OFPortDescStatsRequest pd = read(OFPortDescStatsRequest.class);
            send(OF13.buildPortDescStatsReply().setXid(pd.getXid()).setEntries(List.of(
                    OFTestMessages.port(OF13, 1), OFTestMessages.port(OF13, 2))).build());
            assertEquals(0xffff, read(OFSetConfig.class).getMissSendLen());
            read(org.projectfloodlight.openflow.protocol.OFAsyncSet.class);
            read(OFDescStatsRequest.class);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void switchOverTcpStaysUpWhileGarbageClientIsDropped() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (OpenFlowServer server = new OpenFlowServer(loopback(), listener)) {
            server.start();
            InetSocketAddress address = server.boundAddresses().get(0);
            assertTrue(address.getPort() > 0);

            try (SocketSwitch sw = new SocketSwitch(address)) {
                sw.handshake(0xabc);
                Connected c = listener.await(Connected.class, e -> true, WAIT);
                SwitchHandle h = c.sw();
                assertEquals(DeviceId.of(0xabc), h.deviceId());
                assertEquals(2, c.ports().size());
                assertEquals(sw.socket.getLocalPort(), h.remoteAddress().getPort());

                // a client that speaks no OpenFlow is dropped
                try (Socket junk = new Socket(address.getAddress(), address.getPort())) {
                    junk.setSoTimeout((int) WAIT.toMillis());
                    junk.getOutputStream().write("GET / HTTP/1.1\r\nHost: controller\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] buf = new byte[256];
                    int n;
                    int total = 0;
                    while ((n = junk.getInputStream().read(buf)) >= 0) { // our HELLO, then the close
                        total += n;
                    }
                    assertEquals(16, total, "only our HELLO before the close");
                }
                SouthboundStatus status = server.status();
                assertEquals(1, status.counters().get("frames.malformed"));
                assertEquals(List.of("127.0.0.1:" + address.getPort()), status.listening());

                // the switch is still up: echo, packet-in, and a batch from a non-I/O thread
                sw.send(OF13.buildEchoRequest().setXid(99).build());
                assertEquals(99, sw.read(OFEchoReply.class).getXid());
                sw.send(OF13.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setReason(OFPacketInReason.NO_MATCH)
                        .setTableId(TableId.of(0)).setCookie(U64.ZERO)
                        .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(2)).build())
                        .setData(new byte[60]).setTotalLen(60).build());
                assertEquals(PortNumber.of(2), listener.await(PacketIn.class, e -> true, WAIT).packet().inPort());

                FlowRule rule = FlowRule.builder().device(h.deviceId()).priority(5).app(AppId.of(9, "t"))
                        .apply(Action.output(PortNumber.of(1))).build();
                CompletableFuture<BatchResult> f = h.apply(List.of(SwitchOp.add(rule)));
                sw.read(OFFlowAdd.class);
                OFBarrierRequest barrier = sw.read(OFBarrierRequest.class);
                sw.send(OF13.buildBarrierReply().setXid(barrier.getXid()).build());
                assertTrue(f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).isSuccess());

                // writes from a thread that is not the connection's event loop
                h.packetOut(io.skylane.core.packet.OutboundPacket.of(h.deviceId(), List.of(Action.output(PortNumber.of(2))),
                        new byte[60]));
                h.sendTransientFlow(rule.toBuilder().idleTimeout(5).build(), java.util.OptionalInt.empty());
                assertEquals(OFPort.of(2), ((org.projectfloodlight.openflow.protocol.action.OFActionOutput) sw.read(
                        org.projectfloodlight.openflow.protocol.OFPacketOut.class).getActions().get(0)).getPort());
                assertEquals(5, sw.read(OFFlowAdd.class).getIdleTimeout());

                status = server.status();
                assertEquals(1, status.ready());
                assertEquals(1, status.channels());
                assertEquals(2, status.counters().get("connections.accepted"));
            }
            Disconnected d = listener.await(Disconnected.class, e -> true, WAIT);
            assertEquals("connection closed by the switch", d.reason());
        }
    }

    @Test
    void closeDisconnectsReadySwitchesAndStopsListening() throws Exception {
        RecordingListener listener = new RecordingListener();
        InetSocketAddress address;
        OpenFlowServer server = new OpenFlowServer(loopback(), listener);
        server.start();
        address = server.boundAddresses().get(0);
        try (SocketSwitch sw = new SocketSwitch(address)) {
            sw.handshake(1);
            listener.await(Connected.class, e -> true, WAIT);
            server.close();
            assertEquals("controller shutting down", listener.await(Disconnected.class, e -> true, WAIT).reason());
            assertEquals(-1, sw.in.read(), "the controller closed the connection");
        }
        assertEquals(List.of(), server.boundAddresses());
        assertThrows(IOException.class, () -> new Socket(address.getAddress(), address.getPort()).close());
        server.close(); // idempotent
    }

    @Test
    void portInUseFailsWithAClearMessage() {
        try (OpenFlowServer first = new OpenFlowServer(loopback(), new RecordingListener())) {
            first.start();
            int port = first.boundAddresses().get(0).getPort();
            OpenFlowServer second = new OpenFlowServer(loopback().withPorts(port), new RecordingListener());
            IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            second.close();
        }
    }

    @Test
    void listensOnEveryConfiguredPort() {
        try (OpenFlowServer server = new OpenFlowServer(loopback().withPorts(0, 0), new RecordingListener())) {
            server.start();
            assertEquals(2, server.boundAddresses().size());
            assertEquals(2, server.status().listening().size());
        }
    }
}
