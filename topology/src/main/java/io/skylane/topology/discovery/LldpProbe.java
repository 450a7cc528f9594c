package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.HashCode;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.time.Instant;

/**
 * What a Skylane LLDP probe carries: the port it was sent out of, the controller that sent it,
 * when, and the controller's signature over all of that (see {@link ProbeSigner}).
 *
 * @param device       the switch the probe was sent from (chassis ID TLV)
 * @param port         the port it was sent out of (port ID TLV)
 * @param controllerId the sending controller's id
 * @param time         when it was sent, to the millisecond
 * @param signature    HMAC-SHA256 over (device, port, controllerId, time) with the controller's secret
 */
public record LldpProbe(DeviceId device, PortNumber port, long controllerId, Instant time, HashCode signature) {

    /** Bytes of an HMAC-SHA256. */
    public static final int SIGNATURE_LENGTH = 32;

    public LldpProbe {
        checkNotNull(device, "device");
        checkNotNull(port, "port");
        checkArgument(port.isPhysical(), "a probe is sent out of a physical port");
        checkNotNull(time, "time");
        checkArgument(time.getNano() % 1_000_000 == 0, "probe time has millisecond precision");
        checkNotNull(signature, "signature");
        checkArgument(signature.bits() == SIGNATURE_LENGTH * 8, "signature must be 32 bytes");
    }

    /** Where the probe was sent out: the source of the link it reveals. */
    public ConnectPoint source() {
        return ConnectPoint.of(device, port);
    }

    @Override
    public String toString() {
        return "LldpProbe{" + device + "/" + port + " controller=" + Long.toHexString(controllerId) + " at " + time
                + "}";
    }
}
