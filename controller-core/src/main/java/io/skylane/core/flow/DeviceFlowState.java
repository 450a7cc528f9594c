package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.core.southbound.SwitchHandle;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the flow rule service wants on one switch, and its current connection. Every field except
 * {@link #handle} (read without the lock on the reactive path) is guarded by this object's monitor.
 *
 * <p>Desired state = the core's base rules (the table-miss on OpenFlow 1.3) + each app's persistent
 * rules and groups + the reactive (transient) rules installed on the current connection.
 */
final class DeviceFlowState {

    final DeviceId id;
    /** The current connection, null while disconnected. */
    volatile SwitchHandle handle;
    /** The audit running on the current connection, if any. */
    AuditRun audit;
    /** What the first audit since the controller started found and held, until the grace ends; else null. */
    RestartHold hold;
    /** Connections of this switch since the controller started. */
    private int connections;

    private Map<FlowKey, FlowRule> base = Map.of();
    private final Map<FlowKey, FlowRule> persistent = new HashMap<>();
    private final Map<Integer, Map<FlowKey, FlowRule>> rulesByApp = new HashMap<>();
    private final Map<Integer, GroupDescription> groups = new LinkedHashMap<>();
    /** Desired rules the switch refused on the current connection: sent again with the next change. */
    private final Map<FlowKey, FlowRule> refused = new HashMap<>();
    final TransientFlowTable transients;

    DeviceFlowState(DeviceId id, int maxTransient) {
        this.id = id;
        this.transients = new TransientFlowTable(maxTransient);
    }

    /** The rules the core itself wants on a switch of this version: the table-miss for OpenFlow 1.3. */
    static Map<FlowKey, FlowRule> baseRules(DeviceId id, ProtocolVersion version) {
        if (!version.isMultiTable()) {
            return Map.of();
        }
        FlowRule miss = tableMiss(id);
        return Map.of(miss.key(), miss);
    }

    /** Table 0, priority 0 (the core's band), matches everything, sends the whole packet to the controller. */
    static FlowRule tableMiss(DeviceId id) {
        return FlowRule.builder().device(id).table(SkylanePipeline.CLASSIFY.id())
                .priority(SkylanePipeline.TABLE_MISS.priority(0)).match(Match.ALL)
                .apply(Action.output(PortNumber.CONTROLLER)).app(SkylanePipeline.CORE).build();
    }

    /** A new connection: it becomes current, the old connection's transient rules are forgotten. */
    void connect(SwitchHandle sw) {
        handle = sw;
        connections++;
        hold = null;
        transients.clear();
        refused.clear();
        base = baseRules(id, sw.version());
    }

    /** True on the switch's first connection since the controller started. */
    boolean firstConnection() {
        return connections == 1;
    }

    /**
     * Sends a batch of desired changes: kept pending while disconnected, folded into the running
     * audit if there is one, otherwise sent now (so batches reach the switch in the order made),
     * without what the switch already holds from a previous run ({@link RestartHold}). Caller
     * holds this monitor.
     */
    Submission submit(int appId, BatchBuilder batch) {
        SwitchHandle h = handle;
        if (h == null) {
            return Submission.done(DeviceOutcome.pending(id));
        }
        if (audit != null) {
            return Submission.decided(id, audit.fold(appId));
        }
        if (hold != null) {
            batch.leaveOutHeld(hold);
        }
        if (batch.isEmpty()) {
            return Submission.done(DeviceOutcome.confirmed(id, List.of()));
        }
        return Submission.sent(id, BatchTracker.send(h, batch.build()));
    }

    /**
     * Refuses (IllegalArgumentException) if one of the keys or group ids belongs to another app or
     * to the core's base rules. Changes nothing.
     */
    void checkOwnership(AppId app, Collection<FlowKey> keys, Collection<Integer> groupIds) {
        for (FlowKey k : keys) {
            checkArgument(!base.containsKey(k), "rule key is reserved by the core: %s", k);
            FlowRule p = persistent.get(k);
            if (p == null && transients.size() > 0) {
                p = transients.get(k);
            }
            checkArgument(p == null || p.appId() == app.id(), "rule key is owned by app %s: %s",
                    p == null ? 0 : p.appId(), k);
        }
        for (Integer g : groupIds) {
            GroupDescription d = groups.get(g);
            checkArgument(d == null || d.appId() == app.id(), "group %s on %s is owned by app %s",
                    g, id, d == null ? 0 : d.appId());
        }
    }

    /** True if {@code appId} may install a transient rule with this key: no persistent rule, no other app. */
    boolean transientAllowed(int appId, FlowKey key) {
        if (base.containsKey(key) || persistent.containsKey(key)) {
            return false;
        }
        FlowRule t = transients.get(key);
        return t == null || t.appId() == appId;
    }

    /** The persistent rules of one app (a read-only view, replaced and not changed by {@link #replaceRules}). */
    Map<FlowKey, FlowRule> rulesOf(int appId) {
        Map<FlowKey, FlowRule> m = rulesByApp.get(appId);
        return m == null ? Map.of() : Collections.unmodifiableMap(m);
    }

    /** Remembers that the switch refused this rule (only if it is still the desired one). */
    void markRefused(FlowRule rule) {
        if (rule.equals(persistent.get(rule.key()))) {
            refused.put(rule.key(), rule);
        }
    }

    /**
     * Adds an ADD for every rule of {@code appId} that the switch refused and that is still desired
     * unchanged (a changed one is in the diff already), and forgets them: a refused rule is retried
     * with the app's next change instead of waiting for the next audit.
     */
    void retryRefused(int appId, BatchBuilder batch, Predicate<FlowKey> alreadyInBatch) {
        if (refused.isEmpty()) {
            return;
        }
        refused.values().removeIf(r -> {
            if (r.appId() != appId) {
                return false;
            }
            if (r.equals(persistent.get(r.key())) && !alreadyInBatch.test(r.key())) {
                batch.add(r);
            }
            return true;
        });
    }

    /**
     * Replaces the persistent rules of one app; its transient rules with the same keys are forgotten.
     * The map is kept as the app's rules, not copied: the caller hands it over and does not change it
     * (a large rule set is replaced without copying it, and the keys it keeps are not hashed out and in).
     */
    void replaceRules(int appId, Map<FlowKey, FlowRule> rules) {
        Map<FlowKey, FlowRule> old = rulesByApp.remove(appId);
        if (old != null) {
            for (FlowKey k : old.keySet()) {
                if (!rules.containsKey(k)) {
                    persistent.remove(k);
                }
            }
        }
        if (!rules.isEmpty()) {
            rulesByApp.put(appId, rules);
            persistent.putAll(rules);
            if (transients.size() > 0) {
                rules.keySet().forEach(transients::remove);
            }
        }
    }

    /** Adds or replaces one persistent rule; returns the one it replaced, or null. */
    FlowRule putRule(FlowRule rule) {
        FlowKey k = rule.key();
        rulesByApp.computeIfAbsent(rule.appId(), a -> new LinkedHashMap<>()).put(k, rule);
        transients.remove(k);
        return persistent.put(k, rule);
    }

    /** Removes a persistent or transient rule of {@code appId}; returns it, or null if there was none. */
    FlowRule removeRule(int appId, FlowKey key) {
        Map<FlowKey, FlowRule> m = rulesByApp.get(appId);
        if (m != null && m.remove(key) != null) {
            if (m.isEmpty()) {
                rulesByApp.remove(appId);
            }
            return persistent.remove(key);
        }
        FlowRule t = transients.get(key);
        return t != null && t.appId() == appId ? transients.remove(key) : null;
    }

    /** The desired persistent rule (base rules included) with this key, or null. */
    FlowRule persistentRule(FlowKey key) {
        FlowRule r = base.get(key);
        return r != null ? r : persistent.get(key);
    }

    Map<Integer, GroupDescription> groupsOf(int appId) {
        Map<Integer, GroupDescription> m = new LinkedHashMap<>();
        groups.forEach((k, g) -> {
            if (g.appId() == appId) {
                m.put(k, g);
            }
        });
        return m;
    }

    void replaceGroups(int appId, Map<Integer, GroupDescription> wanted) {
        groups.values().removeIf(g -> g.appId() == appId);
        groups.putAll(wanted);
    }

    /** True if some app (or the core) wants this group on the switch. */
    boolean wantsGroup(int groupId) {
        return groups.containsKey(groupId);
    }

    /** Forgets everything of one app; returns its transient rules. */
    List<FlowRule> forgetApp(int appId) {
        replaceRules(appId, Map.of());
        replaceGroups(appId, Map.of());
        return transients.removeApp(appId);
    }

    /** Base and persistent rules by key: what an audit makes the switch hold. */
    Map<FlowKey, FlowRule> desiredPersistent() {
        Map<FlowKey, FlowRule> m = new LinkedHashMap<>(base);
        rulesByApp.values().forEach(m::putAll);
        return m;
    }

    Map<Integer, GroupDescription> desiredGroups() {
        return new LinkedHashMap<>(groups);
    }

    /** Every desired rule: base, persistent (by app), transient (oldest first). */
    ImmutableList<FlowRule> rules() {
        return ImmutableList.<FlowRule>builder().addAll(desiredPersistent().values()).addAll(transients.rules())
                .build();
    }

    ImmutableList<GroupDescription> groups() {
        return ImmutableList.copyOf(groups.values());
    }
}
