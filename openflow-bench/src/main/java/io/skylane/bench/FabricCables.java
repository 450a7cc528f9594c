package io.skylane.bench;

import static com.google.common.base.Preconditions.checkArgument;

import io.netty.buffer.ByteBuf;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cables of an emulated {@link FatTreeFabric}: a frame the controller sends out of a cabled
 * port (a PACKET_OUT with OUTPUT actions) arrives at the peer port, where the peer switch hands it
 * to the controller as a PACKET_IN ({@link SwitchReplies#cablePacketIn}), as Open vSwitch does with a
 * frame its LLDP rule sends to the controller. Host ports lead nowhere; a cable that is cut carries
 * nothing, and its two switches report the port down ({@link #cut}) and up again ({@link #mend}).
 *
 * <p>OUTPUT to a port number sends out of that port; to FLOOD or ALL, out of every port but the
 * PACKET_OUT's in_port; to IN_PORT, out of the in_port; to anything else (CONTROLLER, LOCAL, ...)
 * nowhere. Frames are copied: the peer switch runs on its own event loop.
 *
 * <p>Thread-safe: {@link #transmit} runs on the sending switch's event loop, the cut/mend calls on
 * the orchestrator's thread; the cable states are atomic.
 */
final class FabricCables {

    private final FatTreeFabric fabric;
    private final AtomicReferenceArray<EmulatedSwitch> switches;
    /** Per (switch, port) slot: true when the cable there is cut. */
    private final AtomicIntegerArray cut;
    private final LongAdder carried = new LongAdder();
    private final LongAdder lost = new LongAdder();

    FabricCables(FatTreeFabric fabric) {
        this.fabric = fabric;
        this.switches = new AtomicReferenceArray<>(fabric.switches());
        this.cut = new AtomicIntegerArray(fabric.switches() * fabric.ports());
    }

    FatTreeFabric fabric() {
        return fabric;
    }

    /** Switch {@code index} is {@code sw} (before it connects). */
    void attach(int index, EmulatedSwitch sw) {
        switches.set(index, sw);
    }

    /** Frames delivered to a connected peer switch. */
    long carried() {
        return carried.sum();
    }

    /**
     * Frames sent out of a port that leads nowhere now: a host port, a cut cable, or a peer switch
     * not connected (or not past its handshake) yet.
     */
    long lost() {
        return lost.sum();
    }

    /**
     * The PACKET_OUT at {@code at} in {@code in}, sent by the controller to switch {@code from}:
     * its frame leaves through the ports its OUTPUT actions name.
     */
    void transmit(int from, ByteBuf in, int at, int version) {
        int len = in.getUnsignedShort(at + 2);
        int d = at + Wire.packetOutDataOffset(in, at, version);
        byte[] frame = new byte[Math.max(0, at + len - d)];
        in.getBytes(d, frame);
        int inPort = Wire.packetOutInPort(in, at, version);
        for (int out : Wire.packetOutOutputs(in, at, version)) {
            if (out == Wire.PORT_FLOOD || out == Wire.PORT_ALL) {
                for (int p = 1; p <= fabric.ports(); p++) {
                    if (p != inPort) {
                        send(from, p, frame);
                    }
                }
            } else if (out == Wire.PORT_IN_PORT) {
                send(from, inPort, frame);
            } else if (out >= 1 && out <= fabric.ports()) {
                send(from, out, frame);
            }
        }
    }

    private void send(int from, int port, byte[] frame) {
        if (port < 1 || port > fabric.ports()) {
            return;
        }
        Optional<FatTreeFabric.End> peer = fabric.peer(from, port);
        EmulatedSwitch to = peer.map(e -> switches.get(e.index())).orElse(null);
        if (to != null && cut.get(slot(from, port)) == 0 && to.inject((out, xid) -> SwitchReplies.writeCablePacketIn(to.spec(), xid, peer.get().port(), frame, out))) {
            carried.increment();
        } else {
            lost.increment();
        }
    }

    private int slot(int index, int port) {
        return index * fabric.ports() + port - 1;
    }

    /**
     * Cuts the cable at {@code port} of switch {@code index}: nothing crosses it any more, and both
     * switches report their port down (PORT_STATUS, on their event loops).
     *
     * @return the other end
     * @throws IllegalArgumentException if the port is a host port
     */
    FatTreeFabric.End cut(int index, int port) {
        return setCable(index, port, false);
    }

    /** Mends the cable {@link #cut} cut: frames cross it again and both ports are reported up. */
    FatTreeFabric.End mend(int index, int port) {
        return setCable(index, port, true);
    }

    private FatTreeFabric.End setCable(int index, int port, boolean up) {
        FatTreeFabric.End other = fabric.peer(index, port)
                .orElseThrow(() -> new IllegalArgumentException("port " + port + " of switch " + index
                        + " has no cable"));
        checkArgument(switches.get(index) != null && switches.get(other.index()) != null, "switches not attached");
        cut.set(slot(index, port), up ? 0 : 1);
        cut.set(slot(other.index(), other.port()), up ? 0 : 1);
        report(switches.get(index), port, up);
        report(switches.get(other.index()), other.port(), up);
        return other;
    }

    private static void report(EmulatedSwitch sw, int port, boolean up) {
        checkArgument(sw.inject((out, xid) -> SwitchReplies.portStatus(sw.spec(), xid, port, up).writeTo(out)), "switch %s not ready",
                sw.spec().dpidText());
    }
}
