package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A flow entry as a switch reports it in flow statistics.
 *
 * @param rule            the entry in core terms (its cookie may name no app of ours)
 * @param packets         packets matched
 * @param bytes           bytes matched
 * @param durationSeconds age of the entry
 */
public record FlowEntry(FlowRule rule, long packets, long bytes, long durationSeconds) {
    public FlowEntry {
        checkNotNull(rule, "rule");
    }
}
