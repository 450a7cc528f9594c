package io.skylane.topology.fwd;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import java.util.List;

/**
 * What one app wants on one switch: the arguments of
 * {@link io.skylane.core.flow.FlowRuleService#setDesired}. A value: two equal states program the
 * switch the same way.
 *
 * @param rules  the flow rules, in a deterministic order
 * @param groups the groups the rules point to
 */
public record DesiredState(List<FlowRule> rules, List<GroupDescription> groups) {

    /** Nothing wanted. */
    public static final DesiredState EMPTY = new DesiredState(List.of(), List.of());

    public DesiredState {
        rules = ImmutableList.copyOf(checkNotNull(rules, "rules"));
        groups = ImmutableList.copyOf(checkNotNull(groups, "groups"));
    }

    public boolean isEmpty() {
        return rules.isEmpty() && groups.isEmpty();
    }
}
