package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;

/** A request to change the fields it gives of a resource; the others keep their value. */
public sealed interface UpdateRequest
        permits TenantUpdate, VpcUpdate, SubnetUpdate, PortUpdate, SecurityGroupUpdate, LoadBalancerUpdate,
        ListenerUpdate, PoolUpdate, MemberUpdate, HealthMonitorUpdate, HypervisorUpdate, RouterUpdate {

    ResourceType type();

    Common common();
}
