package io.skylane.vpc.testing;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.MacAddress;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.PortCreate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.intent.request.SecurityGroupCreate;
import io.skylane.vpc.intent.request.SecurityGroupRuleCreate;
import io.skylane.vpc.intent.request.SubnetCreate;
import io.skylane.vpc.intent.request.SubnetUpdate;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.VpcCreate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroup;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * One tenant in an intent service, and short ways to give it VPCs, subnets, ports and security
 * groups (as the admin, through the real validators), for the tests of what is built on intents.
 */
public final class TenantFixture {

    public static final String ADMIN_TOKEN = "admin-token-0123456789";

    public final IntentService intents;
    public final UUID tenant;

    /** A tenant named "t" in a new in-memory intent service. */
    public TenantFixture() {
        this(newService(), "t");
    }

    /** Another tenant in {@code intents}. */
    public TenantFixture(IntentService intents, String name) {
        this.intents = intents;
        this.tenant = intents.createTenant(Actor.ADMIN, new TenantCreate(Common.named(name))).tenant().id();
    }

    /** An intent service on an in-memory store, with the fixed admin token. */
    public static IntentService newService() {
        return new IntentService(JournalIntentStore.inMemory(), IntentConfig.defaults(ADMIN_TOKEN), Clock.systemUTC());
    }

    public Vpc vpc() {
        return (Vpc) intents.create(Actor.ADMIN, new VpcCreate(tenant, Common.NONE));
    }

    public Subnet subnet(UUID vpc, String cidr) {
        return subnet(vpc, cidr, SubnetUpdate.NONE);
    }

    public Subnet subnet(UUID vpc, String cidr, SubnetUpdate settings) {
        return (Subnet) intents.create(Actor.ADMIN, SubnetCreate.of(tenant, vpc, IpPrefix.parse(cidr)).withSettings(settings));
    }

    public Port port(UUID vpc, PortUpdate settings) {
        return (Port) intents.create(Actor.ADMIN, new PortCreate(tenant, vpc, settings));
    }

    /** A port with this MAC and address, bound to {@code at} (null: learned by MAC). */
    public Port port(UUID vpc, String mac, String ip, ConnectPoint at) {
        return port(vpc, settings(mac, ip, at));
    }

    /** The settings of a port with this MAC and address, bound to {@code at} (null: unbound). */
    public static PortUpdate settings(String mac, String ip, ConnectPoint at) {
        PortUpdate s = PortUpdate.NONE.withMacAddress(MacAddress.parse(mac)).withFixedIps(List.of(fixedIp(ip)));
        return at == null ? s : s.withBinding(binding(at));
    }

    public static PortUpdate.FixedIp fixedIp(String ip) {
        return new PortUpdate.FixedIp(null, IpAddresses.parse(ip));
    }

    public static Port.Binding binding(ConnectPoint at) {
        return new Port.Binding(at.deviceId(), at.port());
    }

    /** A security group with these rules (none given: the default egress rules). */
    public UUID group(String name, RuleSpec... rules) {
        return intents.create(Actor.ADMIN, new SecurityGroupCreate(tenant, Common.named(name),
                rules.length == 0 ? Given.absent() : Given.of(List.of(rules)))).id();
    }

    public SecurityGroupRule rule(UUID group, RuleSpec spec) {
        return (SecurityGroupRule) intents.create(Actor.ADMIN, new SecurityGroupRuleCreate(tenant, group, spec));
    }

    /** The tenant's default security group. */
    public UUID defaultGroup() {
        for (Resource r : intents.store().all(ResourceType.SECURITY_GROUP)) {
            if (r.tenantId().equals(tenant) && r.meta().name().equals(SecurityGroup.DEFAULT_NAME)) {
                return r.id();
            }
        }
        throw new IllegalStateException("no default group");
    }
}
