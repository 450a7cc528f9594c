package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

/** An isolated L3 domain of a tenant, with the segment id that tags its traffic on the wire. */
public record Vpc(Meta meta, int segmentId) implements Resource {

    public static final int MAX_SEGMENT_ID = 0xffffff;

    public Vpc {
        requireNonNull(meta, "meta");
        if (segmentId < 1 || segmentId > MAX_SEGMENT_ID) {
            throw new IllegalArgumentException("segment id out of range: " + segmentId);
        }
    }

    @Override
    public Vpc withMeta(Meta m) {
        return new Vpc(m, segmentId);
    }

    @Override
    public ResourceType type() {
        return ResourceType.VPC;
    }
}
