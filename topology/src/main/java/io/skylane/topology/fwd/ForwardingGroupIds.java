package io.skylane.topology.fwd;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.TopologySnapshot;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The group ids of path forwarding: one id per destination switch, used for the group towards
 * that switch on every other switch.
 *
 * <p>Scheme: the top 8 bits are the app id (11, as the top bits of a cookie are), so the ids
 * {@code 0x0b000000..0x0bffffff} belong to this app and no other app's range overlaps it. The low
 * 24 bits are the low 24 bits of the destination's datapath id (Mininet's dpids 1, 2, ... give
 * groups {@code 0x0b000001}, {@code 0x0b000002}, ...). Where two switches of a snapshot share their
 * low 24 bits, the one with the higher dpid takes the next free value: the ids are a pure function
 * of the snapshot's set of switches, and a switch keeps its id as long as the switches that
 * collide with it do not change.
 */
final class ForwardingGroupIds {

    private static final int LOW_BITS = 24;
    private static final int LOW_MASK = (1 << LOW_BITS) - 1;

    private ForwardingGroupIds() {
    }

    /** The first group id of the app's range. */
    static int base(int appId) {
        checkArgument(appId > 0 && appId < 0xff, "app id must fit in the top 8 bits of a group id");
        return appId << LOW_BITS;
    }

    /** True if {@code groupId} is in the range of {@code appId}. */
    static boolean inRange(int appId, int groupId) {
        return (groupId >>> LOW_BITS) == appId;
    }

    /** The group id of every switch of the snapshot, computed once per snapshot and app. */
    static Map<DeviceId, Integer> of(TopologySnapshot snapshot, int appId) {
        return snapshot.cached(new Key(appId), k -> assign(snapshot.devices(), base(k.appId())));
    }

    /** Assigns ids to {@code devices}, taken in ascending order. */
    static Map<DeviceId, Integer> assign(Set<DeviceId> devices, int base) {
        ImmutableMap.Builder<DeviceId, Integer> ids = ImmutableMap.builderWithExpectedSize(devices.size());
        Set<Integer> taken = new HashSet<>();
        devices.stream().sorted().forEach(d -> {
            int low = (int) (d.dpid() & LOW_MASK);
            while (!taken.add(low)) {
                low = (low + 1) & LOW_MASK;
            }
            ids.put(d, base | low);
        });
        return ids.build();
    }

    private record Key(int appId) {
    }
}
