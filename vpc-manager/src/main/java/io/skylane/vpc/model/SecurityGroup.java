package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

/**
 * A named allow-list; its rules are {@link SecurityGroupRule} resources pointing at it. The group
 * named {@value #DEFAULT_NAME} is created with every tenant.
 */
public record SecurityGroup(Meta meta) implements Resource {

    public static final String DEFAULT_NAME = "default";

    public SecurityGroup {
        requireNonNull(meta, "meta");
    }

    @Override
    public SecurityGroup withMeta(Meta m) {
        return new SecurityGroup(m);
    }

    @Override
    public ResourceType type() {
        return ResourceType.SECURITY_GROUP;
    }
}
