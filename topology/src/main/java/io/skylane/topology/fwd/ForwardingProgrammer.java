package io.skylane.topology.fwd;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.topology.Host;
import io.skylane.topology.HostService;
import io.skylane.topology.PortClaims;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Path forwarding's desired state and how it changes: a full recompute of every switch from a
 * snapshot and the hosts ({@link FlowRuleService#setDesired} per switch that changed), and host
 * updates that bring only the rules towards some MACs up to date over the last full recompute's
 * paths ({@link FlowRuleService#apply} of the rules that changed). Not thread-safe: its owner,
 * {@link PathForwarding}, calls it under its monitor on the update thread.
 */
final class ForwardingProgrammer {

    private static final Logger log = LoggerFactory.getLogger(PathForwarding.class);
    /** Paths count hops. */
    private static final LinkWeigher WEIGHER = LinkWeigher.HOP_COUNT;

    private final ForwardingCompiler compiler;
    private final FlowRuleService flows;
    private final DeviceService devices;
    private final HostService hosts;
    private final PortClaims claims;
    /** What the app holds on each switch: the last full recompute plus host updates. */
    private final Map<DeviceId, Programmed> installed = new HashMap<>();
    /**
     * The switches of {@link #installed} that hold a rule towards each MAC, so that a host update
     * visits those and the ones its new rules go to, not every switch (256 switches x 10 000 new
     * hosts in a burst made the update thread the busiest on the controller's core).
     */
    private final Map<MacAddress, Set<DeviceId>> holders = new HashMap<>();
    /** The paths of the last full recompute; its snapshot is the basis of host updates. */
    private PathComputer basis;

    private final LongAdder recomputes = new LongAdder();
    /** Recomputes that found no host: nothing to compile, no path computed (a fabric being discovered). */
    private final LongAdder recomputesWithoutHosts = new LongAdder();
    private final LongAdder hostUpdates = new LongAdder();
    private final LongAdder switchesProgrammed = new LongAdder();

    ForwardingProgrammer(ForwardingCompiler compiler, FlowRuleService flows, DeviceService devices, HostService hosts,
                         PortClaims claims) {
        this.compiler = checkNotNull(compiler, "compiler");
        this.flows = checkNotNull(flows, "flows");
        this.devices = checkNotNull(devices, "devices");
        this.hosts = checkNotNull(hosts, "hosts");
        this.claims = checkNotNull(claims, "claims");
    }

    /** True if host updates can build on {@code snapshot}: the last full recompute was of it. */
    boolean isBasedOn(TopologySnapshot snapshot) {
        return basis != null && basis.snapshot() == snapshot;
    }

    /** Forgets everything (the app's rules are being removed). */
    void clear() {
        installed.clear();
        holders.clear();
        basis = null;
    }

    Map<String, Long> counters() {
        return ImmutableMap.of("recomputes", recomputes.sum(), "recomputesWithoutHosts", recomputesWithoutHosts.sum(),
                "hostUpdates", hostUpdates.sum(), "switchesProgrammed", switchesProgrammed.sum());
    }

    /**
     * Computes every switch's desired state from {@code snapshot} and the hosts; hands over what
     * changed. Without a host every switch wants nothing: what {@link ForwardingCompiler#compile}
     * gives then, taken without compiling (and without computing a path: the paths are computed on
     * first use), since a fabric being discovered publishes snapshot after snapshot.
     */
    void recompute(TopologySnapshot snapshot) {
        recomputes.increment();
        List<Host> unclaimed = hosts.hosts().stream().filter(h -> !claims.isClaimed(h.location())).toList();
        PathComputer paths = PathComputer.of(snapshot, WEIGHER);
        Map<DeviceId, DesiredState> next;
        if (unclaimed.isEmpty()) {
            recomputesWithoutHosts.increment();
            next = Maps.asMap(snapshot.devices(), d -> DesiredState.EMPTY);
        } else {
            next = compiler.compile(snapshot, unclaimed, paths, this::groupCapable);
        }
        basis = paths;
        int changed = 0;
        for (Map.Entry<DeviceId, DesiredState> e : next.entrySet()) {
            Programmed before = installed.get(e.getKey());
            if (e.getValue().isEmpty() && before != null && before.isEmpty()) {
                continue; // nothing then, nothing now
            }
            Programmed after = Programmed.of(e.getValue());
            if (before == null && e.getValue().isEmpty()) {
                installed.put(e.getKey(), after); // nothing to send; host updates may add to it
            } else if (!after.equals(before) && program(e.getKey(), e.getValue())) {
                installed.put(e.getKey(), after);
                changed++;
            }
        }
        reindex();
        switchesProgrammed.add(changed);
        if (changed > 0) {
            log.info("Path forwarding for topology v{}: {} switches reprogrammed, {} rules in all",
                    snapshot.version(), changed, next.values().stream().mapToInt(s -> s.rules().size()).sum());
        }
    }

    /**
     * Brings the rules towards {@code macs} up to date on every switch of the last full recompute's
     * snapshot, sending only the rules that changed in one batch. Returns false, having changed
     * nothing, if a host needs a group its switch does not have yet (the first host behind a
     * switch): then a full recompute is needed.
     */
    boolean updateHosts(Set<MacAddress> macs) {
        if (macs.isEmpty()) {
            return true;
        }
        TopologySnapshot snapshot = basis.snapshot();
        Map<MacAddress, ForwardingCompiler.HostRules> wanted = new HashMap<>();
        for (MacAddress mac : macs) {
            List<Host> candidates = hosts.hostsByMac(mac).stream().filter(h -> !claims.isClaimed(h.location())).toList();
            ForwardingCompiler.HostRules rules = ForwardingCompiler.preferred(candidates, snapshot)
                    .map(h -> compiler.rulesFor(snapshot, h, basis, this::groupCapable))
                    .orElse(ForwardingCompiler.HostRules.NONE);
            for (Map.Entry<DeviceId, GroupDescription> g : rules.groups().entrySet()) {
                Programmed p = installed.get(g.getKey());
                if (p == null || !p.groups().contains(g.getValue())) {
                    return false;
                }
            }
            wanted.put(mac, rules);
        }
        List<FlowRule> add = new ArrayList<>();
        List<FlowRule> remove = new ArrayList<>();
        Set<DeviceId> touched = new HashSet<>();
        for (Map.Entry<MacAddress, ForwardingCompiler.HostRules> w : wanted.entrySet()) {
            MacAddress mac = w.getKey();
            Map<DeviceId, FlowRule> next = w.getValue().rules();
            Set<DeviceId> held = holders.computeIfAbsent(mac, m -> new HashSet<>());
            Set<DeviceId> visit = new HashSet<>(held);
            visit.addAll(next.keySet());
            for (DeviceId device : visit) {
                Programmed p = installed.get(device);
                if (p == null) {
                    continue; // not in the last full recompute: it gets its rules from the next one
                }
                FlowRule before = p.rules().get(mac);
                FlowRule after = next.get(device);
                if (after != null && !after.equals(before)) {
                    add.add(after);
                    p.rules().put(mac, after);
                    held.add(device);
                    touched.add(device);
                } else if (after == null && before != null) {
                    remove.add(before);
                    p.rules().remove(mac);
                    held.remove(device);
                    touched.add(device);
                }
            }
            if (held.isEmpty()) {
                holders.remove(mac);
            }
        }
        hostUpdates.add(macs.size());
        if (add.isEmpty() && remove.isEmpty()) {
            return true;
        }
        switchesProgrammed.add(touched.size());
        flows.apply(PathForwarding.APP_ID, add, remove).whenComplete((result, ex) -> {
            if (ex != null) {
                log.debug("Path forwarding change for {} hosts not confirmed: {}", macs.size(), ex.toString());
            } else if (!result.isSuccess()) {
                FlowApplyResult.RuleFailure f = result.failures().get(0);
                log.warn("Switches refused {} path forwarding rules, e.g. {}: {}", result.failures().size(), f.rule(),
                        f.error());
            }
        });
        log.debug("Path forwarding: rules towards {} hosts updated ({} added or changed, {} removed)", macs.size(),
                add.size(), remove.size());
        return true;
    }

    /** Rebuilds {@link #holders} from {@link #installed}. */
    private void reindex() {
        holders.clear();
        for (Map.Entry<DeviceId, Programmed> e : installed.entrySet()) {
            for (MacAddress mac : e.getValue().rules().keySet()) {
                holders.computeIfAbsent(mac, m -> new HashSet<>()).add(e.getKey());
            }
        }
    }

    private boolean program(DeviceId device, DesiredState state) {
        try {
            flows.setDesired(PathForwarding.APP_ID, device, state.rules(), state.groups())
                    .whenComplete((result, ex) -> reportOutcome(device, result, ex));
            return true;
        } catch (IllegalArgumentException e) {
            log.warn("Path forwarding rules for switch {} refused: {}", device, e.getMessage());
            return false;
        }
    }

    private static void reportOutcome(DeviceId device, FlowApplyResult result, Throwable ex) {
        if (ex != null) {
            log.debug("Path forwarding change on switch {} not confirmed: {}", device, ex.toString());
        } else if (!result.isSuccess()) {
            FlowApplyResult.RuleFailure f = result.failures().get(0);
            log.warn("Switch {} refused {} path forwarding entries, e.g. {} {}: {}", device, result.failures().size(),
                    f.rule() != null ? f.rule() : "group", f.group() != null ? f.group().groupId() : "", f.error());
        }
    }

    /** OpenFlow 1.3 switches take groups; 1.0 switches (and unknown ones) get plain outputs. */
    private boolean groupCapable(DeviceId id) {
        return devices.device(id).map(d -> d.version().isMultiTable()).orElse(false);
    }

    /** What the app holds on a switch (empty if nothing). */
    DesiredState desired(DeviceId device) {
        Programmed p = installed.get(checkNotNull(device, "device"));
        return p == null ? DesiredState.EMPTY : new DesiredState(List.copyOf(p.rules().values()), p.groups());
    }

    /** What the app holds on one switch: its rules by destination MAC (one each), and its groups. */
    private record Programmed(Map<MacAddress, FlowRule> rules, List<GroupDescription> groups) {
        boolean isEmpty() {
            return rules.isEmpty() && groups.isEmpty();
        }

        static Programmed of(DesiredState state) {
            Map<MacAddress, FlowRule> rules = new LinkedHashMap<>();
            for (FlowRule r : state.rules()) {
                rules.put(destination(r), r);
            }
            return new Programmed(rules, state.groups());
        }

        private static MacAddress destination(FlowRule r) {
            return ((Criterion.MacField) r.match().get(Criterion.Type.ETH_DST).orElseThrow()).mac();
        }
    }
}
