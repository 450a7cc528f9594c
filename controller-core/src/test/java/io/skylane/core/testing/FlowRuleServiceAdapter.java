package io.skylane.core.testing;

import io.skylane.core.flow.AppId;
import io.skylane.core.flow.AuditReport;
import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleListener;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchDisconnectedException;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link FlowRuleService} that accepts everything and does nothing: changes complete at once
 * with an empty result, reads find nothing, table reads and audits fail as for a disconnected
 * switch. Override what a test needs.
 */
public class FlowRuleServiceAdapter implements FlowRuleService {

    /** The result every change completes with: nothing confirmed, nothing pending, no failure. */
    public static final FlowApplyResult EMPTY = new FlowApplyResult(List.of(), List.of(), List.of());

    @Override
    public CompletableFuture<FlowApplyResult> setDesired(AppId app, DeviceId device, Collection<FlowRule> rules,
                                                         Collection<GroupDescription> groups) {
        return CompletableFuture.completedFuture(EMPTY);
    }

    @Override
    public CompletableFuture<FlowApplyResult> apply(AppId app, Collection<FlowRule> add, Collection<FlowRule> remove) {
        return CompletableFuture.completedFuture(EMPTY);
    }

    @Override
    public void installTransient(AppId app, FlowRule rule, OptionalInt bufferId) {
    }

    @Override
    public CompletableFuture<FlowApplyResult> removeApp(AppId app) {
        return CompletableFuture.completedFuture(EMPTY);
    }

    @Override
    public List<FlowRule> desiredRules(DeviceId device) {
        return List.of();
    }

    @Override
    public List<GroupDescription> desiredGroups(DeviceId device) {
        return List.of();
    }

    @Override
    public CompletableFuture<List<FlowEntry>> actualRules(DeviceId device) {
        return CompletableFuture.failedFuture(new SwitchDisconnectedException(device));
    }

    @Override
    public CompletableFuture<List<GroupDescription>> actualGroups(DeviceId device) {
        return CompletableFuture.failedFuture(new SwitchDisconnectedException(device));
    }

    @Override
    public CompletableFuture<AuditReport> audit(DeviceId device) {
        return CompletableFuture.failedFuture(new SwitchDisconnectedException(device));
    }

    @Override
    public void addListener(FlowRuleListener listener) {
    }

    @Override
    public void removeListener(FlowRuleListener listener) {
    }
}
