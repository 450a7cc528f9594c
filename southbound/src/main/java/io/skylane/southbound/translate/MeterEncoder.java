package io.skylane.southbound.translate;

import io.skylane.core.flow.MeterDescription;
import io.skylane.core.southbound.SwitchOp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBand;

/** Core meters to METER_MODs (OpenFlow 1.3). */
public final class MeterEncoder {

    private MeterEncoder() {
    }

    /**
     * Encodes a METER_MOD with drop bands.
     *
     * @throws IllegalArgumentException for OpenFlow 1.0, which has no meters
     */
    public static OFMeterMod meterMod(SwitchOp.Kind kind, MeterDescription meter, OFFactory factory, long xid) {
        if (factory.getVersion() == OFVersion.OF_10) {
            throw new IllegalArgumentException("OpenFlow 1.0 has no meters (meter " + meter.meterId() + ")");
        }
        EnumSet<OFMeterFlags> flags = EnumSet.of(meter.packets() ? OFMeterFlags.PKTPS : OFMeterFlags.KBPS);
        List<OFMeterBand> bands = new ArrayList<>(meter.bands().size());
        for (MeterDescription.Band band : meter.bands()) {
            bands.add(factory.meterBands().drop(band.rate(), band.burst()));
            if (band.burst() > 0) {
                flags.add(OFMeterFlags.BURST);
            }
        }
        OFMeterModCommand command = switch (kind) {
            case ADD -> OFMeterModCommand.ADD;
            case MODIFY -> OFMeterModCommand.MODIFY;
            case DELETE -> OFMeterModCommand.DELETE;
        };
        return factory.buildMeterMod().setXid(xid).setCommand(command).setMeterId(meter.meterId()).setFlags(flags)
                .setMeters(kind == SwitchOp.Kind.DELETE ? List.of() : bands).build();
    }
}
