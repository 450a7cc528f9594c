package io.skylane.topology;

import io.skylane.core.event.EventListener;

/** Receives topology events. */
public interface TopologyListener extends EventListener<TopologyEvent> {
}
