package io.skylane.core.testing;

import io.skylane.core.flow.FlowRuleEvent;
import io.skylane.core.flow.FlowRuleListener;

/** A {@link RecordingListener} of flow rule events. */
public class RecordingFlowRuleListener extends RecordingListener<FlowRuleEvent> implements FlowRuleListener {
}
