package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.PortNumber;
import java.util.List;

/**
 * One bucket of a group.
 *
 * @param weight     relative weight for SELECT groups (0 for other types)
 * @param watchPort  for FAST_FAILOVER: the bucket is live while this port is up ({@link PortNumber#ANY} otherwise)
 * @param watchGroup for FAST_FAILOVER: the bucket is live while this group is ({@code 0xffffffff} otherwise)
 * @param actions    the bucket's actions
 */
public record GroupBucket(int weight, PortNumber watchPort, int watchGroup, List<Action> actions) {

    public static final int ANY_GROUP = 0xffffffff;

    public GroupBucket {
        checkArgument(weight >= 0 && weight <= 0xffff, "weight must be 0..65535");
        checkNotNull(watchPort, "watchPort");
        actions = ImmutableList.copyOf(checkNotNull(actions, "actions"));
    }

    public static GroupBucket select(int weight, List<Action> actions) {
        return new GroupBucket(weight, PortNumber.ANY, ANY_GROUP, actions);
    }

    public static GroupBucket all(List<Action> actions) {
        return new GroupBucket(0, PortNumber.ANY, ANY_GROUP, actions);
    }

    public static GroupBucket failover(PortNumber watch, List<Action> actions) {
        return new GroupBucket(0, watch, ANY_GROUP, actions);
    }
}
