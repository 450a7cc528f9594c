package io.skylane.core.southbound;

import io.skylane.core.net.DeviceId;

/** The switch's connection closed before it answered. */
public class SwitchDisconnectedException extends RuntimeException {
    public SwitchDisconnectedException(DeviceId id) {
        super("switch " + id + " disconnected");
    }
}
