package io.skylane.topology.testing;

import io.skylane.core.testing.RecordingListener;
import io.skylane.topology.TopologyEvent;
import io.skylane.topology.TopologyListener;

/** A {@link RecordingListener} of topology events. */
public class RecordingTopologyListener extends RecordingListener<TopologyEvent> implements TopologyListener {
}
