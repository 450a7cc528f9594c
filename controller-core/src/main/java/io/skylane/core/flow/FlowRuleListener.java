package io.skylane.core.flow;

import io.skylane.core.event.EventListener;

/** Receives flow rule events. */
public interface FlowRuleListener extends EventListener<FlowRuleEvent> {
}
