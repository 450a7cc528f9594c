package io.skylane.topology;

import io.skylane.core.event.EventListener;

/** Receives host events. */
public interface HostListener extends EventListener<HostEvent> {
}
