package io.skylane.core.packet;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.device.DeviceService;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs packet-ins through the processors and sends packet-outs.
 *
 * <p>{@link #process} is the hot path: it runs on the switch connection's I/O thread, takes no
 * lock and allocates only the packet's context. The processors live in an immutable array that
 * {@link #addProcessor}/{@link #removeProcessor} replace (copy on write). A processor that throws
 * is counted and logged (at most one warning per {@link #WARN_INTERVAL_NANOS}) and the later
 * processors still run; a frame too short to be Ethernet is counted and dropped.
 */
public final class PacketManager implements PacketService {

    private static final Logger log = LoggerFactory.getLogger(PacketManager.class);

    /** At most one warning about failing processors per 10 seconds; the rest go to DEBUG. */
    static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Comparator<Registration> ORDER =
            Comparator.comparingInt(Registration::order).thenComparingLong(Registration::seq);

    private final DeviceService devices;
    private volatile Registration[] processors = new Registration[0];
    private long nextSeq;

    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder processorFailures = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder emitted = new LongAdder();
    private final LongAdder emitDropped = new LongAdder();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    public PacketManager(DeviceService devices) {
        this.devices = checkNotNull(devices, "devices");
    }

    /**
     * Runs {@code packet} through every processor in order, on the caller's thread. Never throws
     * for a bad frame or a failing processor.
     */
    public void process(SwitchHandle sw, InboundPacket packet) {
        packetsIn.increment();
        try {
            packet.ethernet();
        } catch (MalformedPacketException e) {
            malformed.increment();
            log.debug("Dropping malformed packet-in from {}: {}", sw.deviceId(), e.getMessage());
            return;
        }
        DefaultPacketContext context = new DefaultPacketContext(sw, packet);
        for (Registration r : processors) {
            try {
                r.processor().process(context);
            } catch (MalformedPacketException e) {
                malformed.increment();
                log.debug("Processor {} found a malformed payload in {}: {}", r.processor(), packet, e.getMessage());
            } catch (RuntimeException e) {
                processorFailed(r.processor(), packet, e);
            }
        }
    }

    private void processorFailed(PacketProcessor processor, InboundPacket packet, RuntimeException e) {
        processorFailures.increment();
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarn.compareAndSet(last, now)) {
            log.warn("Packet processor {} failed on {} ({} failures so far; further ones for 10 s at DEBUG): {}",
                    processor, packet, processorFailures.sum(), e.toString());
        }
        log.debug("Packet processor {} failed on {}", processor, packet, e);
    }

    @Override
    public synchronized void addProcessor(PacketProcessor processor, int order) {
        checkNotNull(processor, "processor");
        List<Registration> list = new ArrayList<>(Arrays.asList(processors));
        list.removeIf(r -> r.processor() == processor);
        list.add(new Registration(processor, order, nextSeq++));
        list.sort(ORDER);
        processors = list.toArray(new Registration[0]);
        log.debug("Packet processor {} added at order {}", processor, order);
    }

    @Override
    public synchronized void removeProcessor(PacketProcessor processor) {
        List<Registration> list = new ArrayList<>(Arrays.asList(processors));
        if (list.removeIf(r -> r.processor() == processor)) {
            processors = list.toArray(new Registration[0]);
            log.debug("Packet processor {} removed", processor);
        }
    }

    @Override
    public void emit(OutboundPacket packet) {
        checkNotNull(packet, "packet");
        Optional<SwitchHandle> h = devices.handle(packet.deviceId());
        if (h.isEmpty() || !h.get().isConnected()) {
            emitDropped.increment();
            log.debug("Dropping packet-out to {}: not connected", packet.deviceId());
            return;
        }
        h.get().packetOut(packet);
        emitted.increment();
    }

    /**
     * Sends the packets in order; each run of consecutive packets to one switch is handed to the
     * switch in one {@link SwitchHandle#packetOutAll} call (one write). A packet to a switch not
     * connected is dropped and counted, as by {@link #emit(OutboundPacket)}.
     */
    @Override
    public void emit(List<OutboundPacket> packets) {
        checkNotNull(packets, "packets");
        int n = packets.size();
        int start = 0;
        while (start < n) {
            DeviceId device = checkNotNull(packets.get(start), "packet").deviceId();
            int end = start + 1;
            while (end < n && checkNotNull(packets.get(end), "packet").deviceId().equals(device)) {
                end++;
            }
            Optional<SwitchHandle> h = devices.handle(device);
            if (h.isEmpty() || !h.get().isConnected()) {
                emitDropped.add(end - start);
                log.debug("Dropping {} packet-outs to {}: not connected", end - start, device);
            } else if (end - start == 1) {
                h.get().packetOut(packets.get(start));
                emitted.increment();
            } else {
                h.get().packetOutAll(packets.subList(start, end));
                emitted.add(end - start);
            }
            start = end;
        }
    }

    /** Packet-ins received. */
    public long packetsIn() {
        return packetsIn.sum();
    }

    /** Processor calls that threw. */
    public long processorFailures() {
        return processorFailures.sum();
    }

    /** Packet-ins (or payloads) too short or inconsistent to parse. */
    public long malformed() {
        return malformed.sum();
    }

    /** Packet-outs dropped by {@link #emit} because the switch was not connected. */
    public long emitDropped() {
        return emitDropped.sum();
    }

    /** All counters by name, for operators. */
    public Map<String, Long> counters() {
        return ImmutableSortedMap.of("packetsIn", packetsIn.sum(), "processorFailures", processorFailures.sum(),
                "malformed", malformed.sum(), "emitted", emitted.sum(), "emitDropped", emitDropped.sum());
    }

    private record Registration(PacketProcessor processor, int order, long seq) {
    }
}
