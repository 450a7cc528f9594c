package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.DeviceId;
import java.util.List;

/**
 * A group an app wants on a switch (OpenFlow 1.3 only).
 *
 * @param deviceId the switch
 * @param groupId  the group id (apps allocate ids inside their own range)
 * @param type     ALL, SELECT, INDIRECT or FAST_FAILOVER
 * @param buckets  the buckets
 * @param appId    the owning app's id; 0 for a group read back from a switch (OpenFlow does not
 *                 store who owns a group, so decoded groups say "unknown")
 */
public record GroupDescription(DeviceId deviceId, int groupId, Type type, List<GroupBucket> buckets, int appId) {

    public enum Type { ALL, SELECT, INDIRECT, FAST_FAILOVER }

    public GroupDescription {
        checkNotNull(deviceId, "deviceId");
        checkNotNull(type, "type");
        checkArgument(Integer.compareUnsigned(groupId, 0xffffff00) <= 0, "group id must not be reserved");
        buckets = ImmutableList.copyOf(checkNotNull(buckets, "buckets"));
        checkArgument(type != Type.INDIRECT || buckets.size() == 1, "an INDIRECT group has exactly one bucket");
        checkArgument(appId >= 0 && appId <= 0xffff, "app id must be 0..65535 (0: read from a switch)");
    }

    /** Groups are identified by device and group id. */
    public GroupKey key() {
        return new GroupKey(deviceId, groupId);
    }

    /** Identity of a group on a switch. */
    public record GroupKey(DeviceId deviceId, int groupId) {
    }
}
