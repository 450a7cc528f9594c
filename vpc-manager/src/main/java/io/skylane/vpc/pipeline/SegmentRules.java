package io.skylane.vpc.pipeline;

import com.google.common.collect.ImmutableMap;
import io.skylane.core.flow.FlowRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One VPC's rules on one switch, in two kinds: those of the VPC as a whole ({@code common}: the
 * arrivals from other switches, the punts to the controller, the conjunctions' address clauses, the
 * routes to every member) and each local port's own ({@code ports}: its classification, port
 * security, security groups, delivery and output; {@link PortPart}). A recompile of the VPC keeps
 * the part of each port whose inputs did not change, the same object, so that the difference with
 * the previous rules looks only at the parts that are not the same (issue #15: a port created in a
 * VPC costs its own rules and the VPC-wide ones, not every other port's again).
 *
 * @param common the VPC-wide rules
 * @param ports  each local port's part, by port id, in the compile's order
 */
public record SegmentRules(List<FlowRule> common, Map<UUID, PortPart> ports) {

    /** No rule. */
    public static final SegmentRules NONE = new SegmentRules(List.of(), Map.of());

    public SegmentRules {
        common = List.copyOf(common);
        ports = ImmutableMap.copyOf(ports);
    }

    /** Every rule: the VPC-wide ones, then each port's. */
    public List<FlowRule> all() {
        List<FlowRule> out = new ArrayList<>(common);
        ports.values().forEach(p -> out.addAll(p.rules()));
        return out;
    }

    /** How many rules, without listing them. */
    public int size() {
        int n = common.size();
        for (PortPart p : ports.values()) {
            n += p.rules().size();
        }
        return n;
    }

    /**
     * A local port's own rules and what they were compiled from ({@link PortInputs}): a recompile
     * whose inputs for the port are equal keeps this very object.
     */
    public static final class PortPart {

        private final PortInputs inputs;
        private final List<FlowRule> rules;

        PortPart(PortInputs inputs, List<FlowRule> rules) {
            this.inputs = inputs;
            this.rules = List.copyOf(rules);
        }

        PortInputs inputs() {
            return inputs;
        }

        /** The port's rules. */
        public List<FlowRule> rules() {
            return rules;
        }

        @Override
        public String toString() {
            return "PortPart(" + rules.size() + " rules)";
        }
    }
}
