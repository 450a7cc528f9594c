package io.skylane.southbound.ovsdb;

import io.skylane.core.event.EventListener;

/** Hears hypervisor bridges come, change and go on OVSDB connections, on the client's event thread. */
public interface OvsdbListener extends EventListener<OvsdbEvent> {
}
