package io.skylane.vpc.pipeline;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One switch's tenant rules in parts, so that a change to one VPC recompiles that VPC's part only:
 * the rules every switch has whatever it hosts ({@code base}: the transport's, tables 2 and 7's pass
 * rules) and, per segment hosted there, that VPC's rules ({@code bySegment}; see
 * {@link VpcCompiler#compileParts}), themselves in parts ({@link SegmentRules}).
 *
 * @param peers     the switches the base rules lead to (those sharing a VPC with this one)
 * @param hosted    the segments with a port on the switch
 * @param bySegment the compiled segments' rules (all of {@code hosted}, or those asked for)
 */
public record SwitchRules(List<FlowRule> base, Set<DeviceId> peers, Set<Integer> hosted,
                          Map<Integer, SegmentRules> bySegment) {

    public SwitchRules {
        base = List.copyOf(base);
        peers = Set.copyOf(peers);
        hosted = Set.copyOf(hosted);
        bySegment = Map.copyOf(bySegment);
    }

    /** Every rule of the switch: the base, then each hosted segment's. */
    public List<FlowRule> all() {
        List<FlowRule> out = new ArrayList<>(base);
        bySegment.values().forEach(s -> out.addAll(s.all()));
        return out;
    }
}
