package io.skylane.core.net;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What a switch says about itself: OpenFlow DESCRIPTION (manufacturer, hardware, software,
 * serial number, datapath description) plus FEATURES (buffers, tables, capabilities).
 */
public record DeviceDescription(String manufacturer, String hardware, String software, String serialNumber,
                                String datapathDescription, long buffers, int tables) {

    /** Used until the switch answers (or if it never does: some benchmark tools do not). */
    public static DeviceDescription unknown(long buffers, int tables) {
        return new DeviceDescription("", "", "", "", "", buffers, tables);
    }

    public DeviceDescription {
        checkNotNull(manufacturer, "manufacturer");
        checkNotNull(hardware, "hardware");
        checkNotNull(software, "software");
        checkNotNull(serialNumber, "serialNumber");
        checkNotNull(datapathDescription, "datapathDescription");
    }

    /** The same description with the DESCRIPTION reply's strings. */
    public DeviceDescription withStrings(String mfr, String hw, String sw, String serial, String dp) {
        return new DeviceDescription(mfr, hw, sw, serial, dp, buffers, tables);
    }
}
