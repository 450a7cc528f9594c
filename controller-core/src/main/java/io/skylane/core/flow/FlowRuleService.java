package io.skylane.core.flow;

import io.skylane.core.net.DeviceId;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the rules and groups each app wants on each switch (the desired state) and makes the
 * switches hold exactly that: changes go out as the minimal batch of FLOW_MODs and GROUP_MODs
 * closed by a BARRIER, and after a switch (re)connects its tables are read and reconciled
 * (extra entries deleted, missing ones added, matching ones left alone).
 *
 * <p>Every rule and group an app hands in must carry that app's id (cookie); a rule whose key
 * (device, table, priority, match) another app already owns is refused.
 */
public interface FlowRuleService {

    /**
     * Replaces everything {@code app} wants on {@code device} with {@code rules} and {@code groups},
     * and sends only the difference.
     */
    CompletableFuture<FlowApplyResult> setDesired(AppId app, DeviceId device, Collection<FlowRule> rules,
                                                  Collection<GroupDescription> groups);

    /** Adds (or replaces, by key) and removes rules of {@code app}, on any devices, in one step. */
    CompletableFuture<FlowApplyResult> apply(AppId app, Collection<FlowRule> add, Collection<FlowRule> remove);

    /**
     * Installs a reactive rule (it must carry an idle or hard timeout) without waiting for a barrier.
     * The rule is remembered until the switch removes it, the device disconnects, or the app's
     * rules are removed. If {@code bufferId} is given, the switch applies the rule to that buffered
     * packet too.
     */
    void installTransient(AppId app, FlowRule rule, OptionalInt bufferId);

    /** Removes every rule and group of {@code app} from every device. */
    CompletableFuture<FlowApplyResult> removeApp(AppId app);

    /** The rules wanted on a device, all apps, transient rules included. */
    List<FlowRule> desiredRules(DeviceId device);

    List<GroupDescription> desiredGroups(DeviceId device);

    /** Reads the device's flow table now. */
    CompletableFuture<List<FlowEntry>> actualRules(DeviceId device);

    /** Reads the device's groups now. */
    CompletableFuture<List<GroupDescription>> actualGroups(DeviceId device);

    /** Reconciles a device's tables with the desired state now (done by itself on connect). */
    CompletableFuture<AuditReport> audit(DeviceId device);

    void addListener(FlowRuleListener listener);

    void removeListener(FlowRuleListener listener);
}
