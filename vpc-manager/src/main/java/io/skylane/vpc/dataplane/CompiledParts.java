package io.skylane.vpc.dataplane;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Acl;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.pipeline.SwitchRules;
import io.skylane.vpc.pipeline.VpcCompiler;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Every switch's tenant rules in parts ({@link SwitchRules}: the base, and each hosted VPC's), as
 * last compiled, so that a change recompiles only the touched VPCs' parts on the switches that hold
 * them and keeps the rest. Used by the tenant data plane's recompute thread only.
 */
final class CompiledParts {

    private final Map<DeviceId, SwitchRules> parts = new HashMap<>();

    /** Every switch of {@code devices}, every segment; the parts kept for the next partial compile. */
    Map<DeviceId, List<FlowRule>> compileAll(VpcCompiler compiler, Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed,
                                             Acl acl, Map<UUID, List<Ip4Address>> gateways, Set<DeviceId> devices) {
        Map<DeviceId, SwitchRules> fresh = compiler.compileParts(vpcs, placed, acl, gateways, devices, null);
        parts.clear();
        parts.putAll(fresh);
        Map<DeviceId, List<FlowRule>> next = new TreeMap<>();
        fresh.forEach((d, r) -> next.put(d, r.all()));
        return next;
    }

    /**
     * The switches of {@code scope}: their base rules and the touched VPCs' rules compiled anew, the
     * other VPCs' rules there kept from before. A hosted segment with no kept part (which does not
     * happen: a VPC new on a switch is a touched one) recompiles that whole switch.
     */
    Map<DeviceId, List<FlowRule>> compileTouched(VpcCompiler compiler, Map<UUID, Vpc> vpcs,
                                                 Collection<PlacedPort> placed, Acl acl,
                                                 Map<UUID, List<Ip4Address>> gateways, TouchedIntent.Scope scope) {
        Set<Integer> segments = new HashSet<>();
        for (UUID v : scope.vpcs()) {
            Vpc vpc = vpcs.get(v);
            if (vpc != null) {
                segments.add(vpc.segmentId());
            }
        }
        Map<DeviceId, List<FlowRule>> next = new TreeMap<>();
        compiler.compileParts(vpcs, placed, acl, gateways, scope.switches(), segments).forEach((d, r) -> {
            SwitchRules now = merge(r, parts.get(d));
            if (now == null) {
                now = compiler.compileParts(vpcs, placed, acl, gateways, Set.of(d), null).get(d);
            }
            parts.put(d, now);
            next.put(d, now.all());
        });
        return next;
    }

    /** The fresh parts completed with the kept ones; null when a hosted segment has neither. */
    private static SwitchRules merge(SwitchRules fresh, SwitchRules old) {
        Map<Integer, List<FlowRule>> merged = new TreeMap<>();
        for (int seg : fresh.hosted()) {
            List<FlowRule> rules = fresh.bySegment().get(seg);
            if (rules == null && old != null) {
                rules = old.bySegment().get(seg);
            }
            if (rules == null) {
                return null;
            }
            merged.put(seg, rules);
        }
        return new SwitchRules(fresh.base(), fresh.hosted(), merged);
    }
}
