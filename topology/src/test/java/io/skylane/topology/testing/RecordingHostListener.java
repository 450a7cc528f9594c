package io.skylane.topology.testing;

import io.skylane.core.testing.RecordingListener;
import io.skylane.topology.HostEvent;
import io.skylane.topology.HostListener;

/** A {@link RecordingListener} of host events. */
public class RecordingHostListener extends RecordingListener<HostEvent> implements HostListener {
}
