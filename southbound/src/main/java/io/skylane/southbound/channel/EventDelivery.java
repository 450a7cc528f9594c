package io.skylane.southbound.channel;

import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.Port;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.southbound.SwitchError;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.ErrorTranslator;
import io.skylane.southbound.translate.FlowStatsDecoder;
import io.skylane.southbound.translate.PacketTranslator;
import io.skylane.southbound.translate.PortTranslator;
import io.skylane.southbound.translate.UndecodableException;
import java.util.ArrayDeque;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one connection's events to the {@link SouthboundListener}, on the connection's event loop,
 * in arrival order. PACKET_INs that arrive before the switch is ready are kept (bounded) and
 * delivered right after {@code switchConnected}. A listener that throws is logged and counted; the
 * connection stays up.
 */
final class EventDelivery {

    private static final Logger log = LoggerFactory.getLogger(EventDelivery.class);

    /** PACKET_INs kept before READY; more are dropped and counted. */
    static final int MAX_EARLY_PACKET_INS = 1024;
    /** Frame bytes kept before READY (a handshaking peer must not hold 1024 x 64 KiB). */
    static final int MAX_EARLY_PACKET_IN_BYTES = 1 << 20;

    private final SouthboundListener listener;
    private final SouthboundCounters counters;
    private OFSwitch handle;
    private ArrayDeque<OFPacketIn> early;
    private int earlyBytes;
    private boolean listenerFailureLogged;

    EventDelivery(SouthboundListener listener, SouthboundCounters counters) {
        this.listener = listener;
        this.counters = counters;
    }

    /** Keeps a PACKET_IN that came before READY. */
    void queueEarlyPacketIn(OFPacketIn pi) {
        counters.increment(Counter.PACKET_IN);
        if (early == null) {
            early = new ArrayDeque<>();
        }
        int length = pi.getData().length;
        if (early.size() >= MAX_EARLY_PACKET_INS || earlyBytes + length > MAX_EARLY_PACKET_IN_BYTES) {
            counters.increment(Counter.PACKET_IN_DROPPED);
            return;
        }
        early.add(pi);
        earlyBytes += length;
    }

    /** The switch is ready: tells the core, then delivers the PACKET_INs kept so far. */
    void connected(OFSwitch sw, DeviceDescription description, List<Port> ports) {
        this.handle = sw;
        try {
            listener.switchConnected(sw, description, ports);
        } catch (RuntimeException e) {
            failed("switchConnected", e);
        }
        if (early != null) {
            OFPacketIn pi;
            while ((pi = early.poll()) != null) {
                deliver(pi);
            }
            early = null;
            earlyBytes = 0;
        }
    }

    void packetIn(OFPacketIn pi) {
        counters.increment(Counter.PACKET_IN);
        deliver(pi);
    }

    private void deliver(OFPacketIn pi) {
        InboundPacket packet;
        try {
            packet = PacketTranslator.toCore(pi, handle.deviceId());
        } catch (UndecodableException e) {
            counters.increment(Counter.PACKET_IN_UNDECODABLE);
            log.debug("switch {}: undecodable PACKET_IN: {}", handle.deviceId(), e.getMessage());
            return;
        }
        try {
            listener.packetIn(handle, packet);
        } catch (RuntimeException e) {
            failed("packetIn", e);
        }
    }

    void portStatus(OFPortStatus ps) {
        PortChange change = switch (ps.getReason()) {
            case ADD -> PortChange.ADDED;
            case DELETE -> PortChange.DELETED;
            default -> PortChange.MODIFIED;
        };
        Port port = PortTranslator.toCore(ps.getDesc());
        log.debug("switch {}: port {} {}", handle.deviceId(), port.number(), change);
        try {
            listener.portChanged(handle, change, port);
        } catch (RuntimeException e) {
            failed("portChanged", e);
        }
    }

    /** Ports the switch listed after it became ready (a late PORT_DESC reply), as added ports. */
    void portsAdded(List<Port> ports) {
        try {
            listener.portsListed(handle, ports);
        } catch (RuntimeException e) {
            failed("portsListed", e);
        }
    }

    void flowRemoved(OFFlowRemoved fr) {
        try {
            listener.flowRemoved(handle, FlowStatsDecoder.removedRule(fr, handle.deviceId()),
                    FlowStatsDecoder.reason(fr.getReason()), fr.getPacketCount().getValue(), fr.getByteCount().getValue());
        } catch (UndecodableException e) {
            counters.increment(Counter.ENTRIES_UNDECODABLE);
            log.warn("switch {}: ignoring FLOW_REMOVED the core cannot express: {}", handle.deviceId(), e.getMessage());
        } catch (RuntimeException e) {
            failed("flowRemoved", e);
        }
    }

    /** An ERROR that answers no pending batch or request. */
    void error(OFErrorMsg e) {
        error(ErrorTranslator.toCore(e));
    }

    /** The same for an error already in core terms. */
    void error(SwitchError error) {
        log.debug("switch {}: error {}", handle.deviceId(), error);
        try {
            listener.errorReceived(handle, error);
        } catch (RuntimeException ex) {
            failed("errorReceived", ex);
        }
    }

    void description(DeviceDescription description) {
        try {
            listener.descriptionChanged(handle, description);
        } catch (RuntimeException e) {
            failed("descriptionChanged", e);
        }
    }

    /** The connection of a ready switch closed. */
    void disconnected(String reason) {
        try {
            listener.switchDisconnected(handle, reason);
        } catch (RuntimeException e) {
            failed("switchDisconnected", e);
        }
    }

    private void failed(String call, RuntimeException e) {
        counters.increment(Counter.LISTENER_FAILURES);
        if (!listenerFailureLogged) {
            listenerFailureLogged = true;
            log.warn("listener failed in {} for switch {} (further failures on this connection at DEBUG): {}",
                    call, handle == null ? "?" : handle.deviceId(), e.toString());
        } else {
            log.debug("listener failed in {}: {}", call, e.toString());
        }
        log.debug("listener failure", e);
    }
}
