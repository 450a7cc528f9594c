package io.skylane.core.flow;

import io.skylane.core.net.DeviceId;
import java.time.Instant;

/**
 * The outcome of reconciling a switch's tables with the desired state after it (re)connected.
 *
 * @param deviceId     the switch
 * @param kept         entries that already matched the desired state and were left alone
 * @param added        desired entries that were missing and were sent
 * @param removed      entries the switch had that nobody wants, deleted
 * @param groupsAdded  desired groups sent
 * @param groupsRemoved groups deleted
 * @param held         entries and groups of a previous run of the controller that no app wanted yet,
 *                     left on the switch for the restart grace instead of deleted (only at the first
 *                     audit of a switch since the controller started; see
 *                     {@link FlowRuleManager.Config#restartGrace()})
 * @param tableRead    false if the switch did not answer the flow statistics request (everything
 *                     desired was then sent, nothing deleted)
 * @param time         when the audit finished
 */
public record AuditReport(DeviceId deviceId, int kept, int added, int removed, int groupsAdded, int groupsRemoved,
                          int held, boolean tableRead, Instant time) {
}
