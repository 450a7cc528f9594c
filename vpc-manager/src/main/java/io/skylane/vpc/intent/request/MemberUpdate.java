package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;

/** What may change of a member: its weight, admin state (false drains it) and backup role. */
public record MemberUpdate(Common common, Given<Integer> weight, Given<Boolean> adminStateUp, Given<Boolean> backup)
        implements UpdateRequest {

    public static final MemberUpdate NONE = new MemberUpdate(Common.NONE, Given.absent(), Given.absent(),
            Given.absent());

    public MemberUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(weight, "weight");
        java.util.Objects.requireNonNull(adminStateUp, "adminStateUp");
        java.util.Objects.requireNonNull(backup, "backup");
    }

    @Override
    public ResourceType type() {
        return ResourceType.MEMBER;
    }

    public MemberUpdate withWeight(int v) {
        return new MemberUpdate(common, Given.of(v), adminStateUp, backup);
    }

    public MemberUpdate withAdminStateUp(boolean v) {
        return new MemberUpdate(common, weight, Given.of(v), backup);
    }

    public MemberUpdate withBackup(boolean v) {
        return new MemberUpdate(common, weight, adminStateUp, Given.of(v));
    }
}
