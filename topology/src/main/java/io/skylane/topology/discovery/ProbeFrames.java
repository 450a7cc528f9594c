package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.HashCode;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The probe frames of the ports, built from a template per port: everything {@link LldpCodec#encode}
 * writes but the timestamp and the signature (the chassis and port id strings, the TTL, the
 * controller id) is written once per port, and each probe copies the template and writes only
 * those two, the signature straight from the {@link ProbeSigner} into the frame. The frames are
 * byte for byte those of {@code LldpCodec.encode(signer.sign(device, port, time), source, ttl)}
 * (pinned by {@code ProbeFramesTest}).
 *
 * <p>A template is kept per port while its switch is connected (see {@link #forget}); a port whose
 * address changes gets a new one. Thread-safe.
 */
final class ProbeFrames {

    /** From the end of the frame: the End TLV (2), the signature, and the timestamp (8) before it. */
    private static final int SIGNATURE_FROM_END = 2 + LldpProbe.SIGNATURE_LENGTH;
    private static final int TIME_FROM_END = SIGNATURE_FROM_END + 8;

    private final ProbeSigner signer;
    private final int ttlSeconds;
    private final Map<DeviceId, Map<PortNumber, Template>> templates = new ConcurrentHashMap<>();

    /** A port's frame with a zero timestamp and signature, and the address it was built for. */
    private record Template(MacAddress source, byte[] frame) {
    }

    ProbeFrames(ProbeSigner signer, int ttlSeconds) {
        this.signer = checkNotNull(signer, "signer");
        checkArgument(ttlSeconds > 0 && ttlSeconds <= 0xffff, "ttl must be 1..65535 seconds");
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * The frame of a probe sent out of {@code port} (a physical port) at {@code timeMillis},
     * signed, from the port's address {@code source}. A new array each call.
     */
    byte[] frame(ConnectPoint port, MacAddress source, long timeMillis) {
        Template t = template(port, source);
        byte[] frame = t.frame().clone();
        int end = frame.length;
        long time = timeMillis;
        for (int i = end - TIME_FROM_END + 7; i >= end - TIME_FROM_END; i--) {
            frame[i] = (byte) time;
            time >>>= 8;
        }
        signer.signInto(port.deviceId(), port.port(), timeMillis, frame, end - SIGNATURE_FROM_END);
        return frame;
    }

    /** Drops the templates of a switch (it disconnected). */
    void forget(DeviceId device) {
        templates.remove(device);
    }

    private Template template(ConnectPoint port, MacAddress source) {
        Map<PortNumber, Template> ports = templates.computeIfAbsent(port.deviceId(), d -> new ConcurrentHashMap<>());
        Template t = ports.get(port.port());
        if (t == null || !t.source().equals(source)) {
            LldpProbe blank = new LldpProbe(port.deviceId(), port.port(), signer.controllerId(), Instant.EPOCH,
                    HashCode.fromBytes(new byte[LldpProbe.SIGNATURE_LENGTH]));
            t = new Template(source, LldpCodec.encode(blank, source, ttlSeconds));
            ports.put(port.port(), t);
        }
        return t;
    }

    @Override
    public String toString() {
        return "ProbeFrames{" + templates.size() + " switches}";
    }
}
