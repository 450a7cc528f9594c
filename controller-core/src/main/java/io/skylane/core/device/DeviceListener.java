package io.skylane.core.device;

import io.skylane.core.event.EventListener;

/** Receives device and port events. */
public interface DeviceListener extends EventListener<DeviceEvent> {
}
