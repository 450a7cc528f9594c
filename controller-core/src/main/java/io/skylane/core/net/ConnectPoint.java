package io.skylane.core.net;

import static com.google.common.base.Preconditions.checkNotNull;

/** A port on a device: where a link or a host attaches. Written {@code dpid/port}. */
public record ConnectPoint(DeviceId deviceId, PortNumber port) implements Comparable<ConnectPoint> {

    public ConnectPoint {
        checkNotNull(deviceId, "deviceId");
        checkNotNull(port, "port");
    }

    public static ConnectPoint of(DeviceId deviceId, PortNumber port) {
        return new ConnectPoint(deviceId, port);
    }

    /** Parses {@code 00000000000000d1/3}. */
    public static ConnectPoint parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("connect point must be dpid/port: " + text);
        }
        try {
            return new ConnectPoint(DeviceId.parse(text.substring(0, slash)),
                    PortNumber.of(Long.parseLong(text.substring(slash + 1))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("connect point port must be a number: " + text, e);
        }
    }

    @Override
    public int compareTo(ConnectPoint o) {
        int c = deviceId.compareTo(o.deviceId);
        return c != 0 ? c : port.compareTo(o.port);
    }

    @Override
    public String toString() {
        return deviceId + "/" + port;
    }
}
