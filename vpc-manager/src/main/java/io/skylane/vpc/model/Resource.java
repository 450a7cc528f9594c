package io.skylane.vpc.model;

import java.util.UUID;

/** A stored piece of intent: an immutable value with its common fields in {@link #meta()}. */
public sealed interface Resource
        permits Tenant, Vpc, Subnet, Port, SecurityGroup, SecurityGroupRule, ApiToken, LoadBalancer, Listener, Pool,
        Member, HealthMonitor, Hypervisor, Router {

    Meta meta();

    ResourceType type();

    /** The same resource with other common fields (a next revision, a rename). */
    Resource withMeta(Meta m);

    default UUID id() {
        return meta().id();
    }

    default UUID tenantId() {
        return meta().tenantId();
    }

    default long revision() {
        return meta().revision();
    }
}
