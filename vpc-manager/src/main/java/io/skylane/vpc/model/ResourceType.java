package io.skylane.vpc.model;

/** The kinds of intent the northbound API manages, with their JSON singular and plural names. */
public enum ResourceType {
    TENANT("tenant", "tenants"),
    VPC("vpc", "vpcs"),
    SUBNET("subnet", "subnets"),
    PORT("port", "ports"),
    SECURITY_GROUP("security_group", "security_groups"),
    SECURITY_GROUP_RULE("security_group_rule", "security_group_rules"),
    LOAD_BALANCER("load_balancer", "load_balancers"),
    LISTENER("listener", "listeners"),
    POOL("pool", "pools"),
    MEMBER("member", "members"),
    HEALTH_MONITOR("healthmonitor", "healthmonitors"),
    /** Tenant API tokens (stored hashed, never served back). */
    TOKEN("token", "tokens"),
    /** The provider's hypervisors (admin only): integration bridges with a tunnel endpoint. */
    HYPERVISOR("hypervisor", "hypervisors"),
    /** Tenant routers: they join subnets of different VPCs. */
    ROUTER("router", "routers");

    private final String singular;
    private final String plural;

    ResourceType(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    /** The JSON envelope key of one resource, e.g. {@code security_group}. */
    public String singular() {
        return singular;
    }

    /** The JSON envelope key of a list, e.g. {@code security_groups}. */
    public String plural() {
        return plural;
    }

    /**
     * True for the provider's own resources (hypervisors): only the admin sees and changes them, and
     * they belong to no tenant (their owner is {@link Meta#PROVIDER}, and their JSON has no
     * {@code tenant_id}).
     */
    public boolean providerOwned() {
        return this == HYPERVISOR;
    }

    /** The type whose singular name is {@code name}. */
    public static ResourceType ofSingular(String name) {
        for (ResourceType t : values()) {
            if (t.singular.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown resource type " + name);
    }
}
