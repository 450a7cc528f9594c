package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/**
 * A request to create a resource of a tenant (tenants themselves: {@link TenantCreate}), or one of
 * the provider's (a hypervisor, whose {@link #tenantId()} is always null).
 */
public sealed interface CreateRequest
        permits VpcCreate, SubnetCreate, PortCreate, SecurityGroupCreate, SecurityGroupRuleCreate, LoadBalancerCreate,
        ListenerCreate, PoolCreate, MemberCreate, HealthMonitorCreate, HypervisorCreate, RouterCreate {

    ResourceType type();

    /** The owner the admin names; null from a tenant, whose resources are its own. */
    UUID tenantId();
}
