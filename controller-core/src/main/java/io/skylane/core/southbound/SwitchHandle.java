package io.skylane.core.southbound;

import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.packet.OutboundPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * One ready OpenFlow connection to a switch, as the core sees it. Implemented by the southbound;
 * every method is thread-safe and none blocks: writes are queued on the connection's I/O thread and
 * flushed once per burst.
 *
 * <p>A switch that reconnects gets a new handle; the old one stays disconnected for good.
 */
public interface SwitchHandle {

    DeviceId deviceId();

    ProtocolVersion version();

    InetSocketAddress remoteAddress();

    /** False once the connection has closed. */
    boolean isConnected();

    /**
     * Sends the operations in order, then a BARRIER. The future completes when the barrier reply
     * arrives, with each operation the switch refused and its error; it completes exceptionally with
     * {@link SwitchDisconnectedException} if the connection closes first, or with a
     * {@link java.util.concurrent.TimeoutException} if the switch does not answer in time.
     */
    CompletableFuture<BatchResult> apply(List<SwitchOp> ops);

    /**
     * Sends one FLOW_MOD ADD without a barrier: the reactive path. If {@code bufferId} is present
     * the switch applies the rule to the packet it buffered under that id.
     */
    void sendTransientFlow(FlowRule rule, OptionalInt bufferId);

    /**
     * Sends a PACKET_OUT: one, or several when one OpenFlow message (65,535 bytes) cannot carry the
     * frame with all its actions (each then carries the frame and some of the outputs). A packet no
     * PACKET_OUT can carry is dropped and counted by the southbound, as is one for a switch whose
     * connection cannot take more writes.
     */
    void packetOut(OutboundPacket packet);

    /**
     * Sends the packets, in order, each as {@link #packetOut} does; an implementation may write
     * them to the switch together (one write for all, rather than one per packet).
     */
    default void packetOutAll(List<OutboundPacket> packets) {
        for (OutboundPacket p : packets) {
            packetOut(p);
        }
    }

    /** Reads every flow entry of every table (flow statistics). */
    CompletableFuture<List<FlowEntry>> requestFlows();

    /** Reads every group (group description); empty for OpenFlow 1.0. */
    CompletableFuture<List<GroupDescription>> requestGroups();

    /** Reads port counters of every port. */
    CompletableFuture<List<PortStatistics>> requestPortStatistics();

    /** Closes the connection; the switch is reported disconnected with this reason. */
    void disconnect(String reason);
}
