package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.DeviceId;
import java.util.List;

/**
 * A meter (OpenFlow 1.3): rate limiting with drop bands.
 *
 * @param deviceId the switch
 * @param meterId  1..0xffff0000
 * @param packets  true for packets per second, false for kilobits per second
 * @param bands    drop bands
 */
public record MeterDescription(DeviceId deviceId, long meterId, boolean packets, List<Band> bands) {

    /** A drop band: above {@code rate} (with {@code burst}), packets are dropped. */
    public record Band(long rate, long burst) {
        public Band {
            checkArgument(rate > 0 && rate <= 0xffffffffL, "rate must be positive");
            checkArgument(burst >= 0 && burst <= 0xffffffffL, "burst must be 0..2^32-1");
        }
    }

    public MeterDescription {
        checkNotNull(deviceId, "deviceId");
        checkArgument(meterId > 0 && meterId <= 0xffff0000L, "meter id must be 1..0xffff0000");
        bands = ImmutableList.copyOf(checkNotNull(bands, "bands"));
        checkArgument(!bands.isEmpty(), "a meter needs a band");
    }
}
