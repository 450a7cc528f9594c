package io.skylane.core.flow;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchError;
import java.util.List;

/**
 * What happened to a change of desired rules.
 *
 * @param confirmed  devices where the switch confirmed the change (barrier reply)
 * @param pending    devices not connected now: the change is kept and applied when they connect
 * @param failures   rules a switch refused, with its error
 */
public record FlowApplyResult(List<DeviceId> confirmed, List<DeviceId> pending, List<RuleFailure> failures) {

    public FlowApplyResult {
        confirmed = ImmutableList.copyOf(confirmed);
        pending = ImmutableList.copyOf(pending);
        failures = ImmutableList.copyOf(failures);
    }

    public boolean isSuccess() {
        return failures.isEmpty();
    }

    /** A rule (or, with a null rule, a group) the switch refused. */
    public record RuleFailure(DeviceId deviceId, FlowRule rule, GroupDescription group, SwitchError error) {
    }
}
