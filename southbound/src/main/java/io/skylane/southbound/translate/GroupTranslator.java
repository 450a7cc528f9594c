package io.skylane.southbound.translate;

import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchOp;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFGroup;

/** Core groups to GROUP_MODs, and group description entries back to core groups (OpenFlow 1.3). */
public final class GroupTranslator {

    private GroupTranslator() {
    }

    /**
     * Encodes a GROUP_MOD.
     *
     * @throws IllegalArgumentException for OpenFlow 1.0, which has no groups
     */
    public static OFGroupMod groupMod(SwitchOp.Kind kind, GroupDescription group, OFFactory factory, long xid) {
        if (factory.getVersion() == OFVersion.OF_10) {
            throw new IllegalArgumentException("OpenFlow 1.0 has no groups (group " + group.groupId() + ")");
        }
        OFGroupMod.Builder b = switch (kind) {
            case ADD -> factory.buildGroupAdd();
            case MODIFY -> factory.buildGroupModify();
            case DELETE -> factory.buildGroupDelete();
        };
        b.setXid(xid).setGroup(OFGroup.of(group.groupId())).setGroupType(type(group.type()));
        if (kind != SwitchOp.Kind.DELETE) {
            List<OFBucket> buckets = new ArrayList<>(group.buckets().size());
            for (GroupBucket bucket : group.buckets()) {
                buckets.add(factory.buildBucket()
                        .setWeight(bucket.weight())
                        .setWatchPort(PortTranslator.toOpenFlow(bucket.watchPort(), factory.getVersion()))
                        .setWatchGroup(OFGroup.of(bucket.watchGroup()))
                        .setActions(ActionTranslator.toOpenFlow(bucket.actions(), factory))
                        .build());
            }
            b.setBuckets(buckets);
        }
        return b.build();
    }

    /**
     * Decodes a group description entry. OpenFlow does not store a group's owner, so the app id is
     * 0 ("read from a switch").
     *
     * @throws UndecodableException if a bucket has an action the core cannot express
     */
    public static GroupDescription toCore(OFGroupDescStatsEntry e, DeviceId deviceId) {
        List<GroupBucket> buckets = new ArrayList<>(e.getBuckets().size());
        try {
            for (OFBucket b : e.getBuckets()) {
                buckets.add(new GroupBucket(b.getWeight(), PortTranslator.toCore(b.getWatchPort()),
                        b.getWatchGroup().getGroupNumber(), ActionTranslator.toCore(b.getActions(), -1)));
            }
            return new GroupDescription(deviceId, e.getGroup().getGroupNumber(), type(e.getGroupType()), buckets, 0);
        } catch (IllegalArgumentException ex) {
            throw new UndecodableException("group " + e.getGroup() + " is not a valid core group: " + ex.getMessage(), ex);
        }
    }

    private static OFGroupType type(GroupDescription.Type t) {
        return switch (t) {
            case ALL -> OFGroupType.ALL;
            case SELECT -> OFGroupType.SELECT;
            case INDIRECT -> OFGroupType.INDIRECT;
            case FAST_FAILOVER -> OFGroupType.FF;
        };
    }

    private static GroupDescription.Type type(OFGroupType t) {
        return switch (t) {
            case ALL -> GroupDescription.Type.ALL;
            case SELECT -> GroupDescription.Type.SELECT;
            case INDIRECT -> GroupDescription.Type.INDIRECT;
            case FF -> GroupDescription.Type.FAST_FAILOVER;
        };
    }
}
