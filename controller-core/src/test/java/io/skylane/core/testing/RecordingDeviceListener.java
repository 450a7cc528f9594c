package io.skylane.core.testing;

import io.skylane.core.device.DeviceEvent;
import io.skylane.core.device.DeviceListener;

/** A {@link RecordingListener} of device events. */
public class RecordingDeviceListener extends RecordingListener<DeviceEvent> implements DeviceListener {
}
