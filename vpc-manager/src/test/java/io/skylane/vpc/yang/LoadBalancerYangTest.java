package io.skylane.vpc.yang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.CreateRequest;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.HealthMonitorCreate;
import io.skylane.vpc.intent.request.HealthMonitorUpdate;
import io.skylane.vpc.intent.request.ListenerCreate;
import io.skylane.vpc.intent.request.ListenerUpdate;
import io.skylane.vpc.intent.request.LoadBalancerCreate;
import io.skylane.vpc.intent.request.LoadBalancerUpdate;
import io.skylane.vpc.intent.request.MemberCreate;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.intent.request.PoolCreate;
import io.skylane.vpc.intent.request.PoolUpdate;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.testing.TenantFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.ContainerSchemaNode;
import org.opendaylight.yangtools.yang.model.api.DataNodeContainer;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.Module;
import org.opendaylight.yangtools.yang.model.api.type.EnumTypeDefinition;

/**
 * The load-balancing resources as the intent service makes them and {@link ResourceJson} writes them (the
 * API's answer, nothing left out) against {@code skylane-load-balancer}: each resource of a whole tree
 * conforms, each leaf of the module is a field the API writes, and each enumeration holds the values of its
 * Java enum. Together they keep the model and the module from drifting apart.
 */
class LoadBalancerYangTest {

    private static final String MODULE = "skylane-load-balancer";

    /** Each load-balancing type and its top-level list. */
    private static final Map<ResourceType, String> LISTS = new LinkedHashMap<>();

    static {
        LISTS.put(ResourceType.LOAD_BALANCER, "load-balancer");
        LISTS.put(ResourceType.LISTENER, "listener");
        LISTS.put(ResourceType.POOL, "pool");
        LISTS.put(ResourceType.MEMBER, "member");
        LISTS.put(ResourceType.HEALTH_MONITOR, "health-monitor");
    }

    private final TenantFixture t = new TenantFixture();
    private final IntentService svc = t.intents;

    private Resource create(CreateRequest request) {
        return svc.create(Actor.ADMIN, request);
    }

    /**
     * A tree that takes each field through its kinds of value: null and set, empty and full lists (64
     * allowed CIDRs), the bounds of each range (ports 1 and 65535, weights 0 and 256, a day's delay, 1 and 10
     * retries), every protocol, algorithm and monitor type, all common fields, updated resources.
     */
    private void buildTree() {
        Vpc vpc = t.vpc();
        Subnet web = t.subnet(vpc.id(), "10.0.0.0/24");
        Subnet db = t.subnet(vpc.id(), "10.0.1.0/24");
        Common all = Common.named("web").withDescription("the shop's front").withTags(List.of("prod", "team-a"))
                .withExternalIds(Map.of("k8s-uid", "4f1c", "owner", ""));
        LoadBalancer lb = (LoadBalancer) create(new LoadBalancerCreate(t.tenant, web.id(), null,
                new LoadBalancerUpdate(all, Given.absent())));
        LoadBalancer down = (LoadBalancer) create(new LoadBalancerCreate(t.tenant, web.id(),
                IpAddresses.parse("10.0.0.250"), new LoadBalancerUpdate(Common.NONE, Given.of(false))));

        List<IpPrefix> cidrs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            cidrs.add(IpPrefix.parse("10." + i + ".0.0/16"));
        }
        Listener tcp = (Listener) create(new ListenerCreate(t.tenant, lb.id(), L4Protocol.TCP, 1,
                new ListenerUpdate(all, Given.absent(), Given.of(cidrs), Given.absent())));
        Listener udp = (Listener) create(new ListenerCreate(t.tenant, lb.id(), L4Protocol.UDP, 65535,
                ListenerUpdate.NONE.withAllowedCidrs(List.of(IpPrefix.parse("192.168.7.0/24")))));
        create(new ListenerCreate(t.tenant, down.id(), L4Protocol.TCP, 80, ListenerUpdate.NONE));

        Pool sticky = (Pool) create(new PoolCreate(t.tenant, null, tcp.id(), L4Protocol.TCP,
                PoolUpdate.NONE.withLbAlgorithm(Pool.Algorithm.SOURCE_IP).withSessionPersistence(
                        new Pool.SessionPersistence(Pool.SessionPersistence.Type.SOURCE_IP))));
        Pool dns = (Pool) create(new PoolCreate(t.tenant, lb.id(), null, L4Protocol.UDP,
                new PoolUpdate(all, Given.of(Pool.Algorithm.SOURCE_IP_PORT), Given.absent(), Given.of(false))));
        svc.update(Actor.ADMIN, udp.id(), ListenerUpdate.NONE.withDefaultPoolId(dns.id()), null);
        Pool spare = (Pool) create(new PoolCreate(t.tenant, down.id(), null, L4Protocol.TCP,
                PoolUpdate.NONE.withLbAlgorithm(Pool.Algorithm.SOURCE_IP_PORT)));

        create(new MemberCreate(t.tenant, sticky.id(), IpAddresses.parse("10.0.0.10"), 1, null,
                MemberUpdate.NONE.withWeight(0).withBackup(true)));
        create(new MemberCreate(t.tenant, sticky.id(), IpAddresses.parse("10.0.1.10"), 65535, db.id(),
                new MemberUpdate(all, Given.of(256), Given.of(false), Given.of(false))));
        Resource plain = create(new MemberCreate(t.tenant, dns.id(), IpAddresses.parse("10.0.1.11"), 53, null,
                MemberUpdate.NONE));
        svc.update(Actor.ADMIN, plain.id(), MemberUpdate.NONE.withWeight(7), null);

        create(new HealthMonitorCreate(t.tenant, sticky.id(), HealthMonitor.Type.TCP, new HealthMonitorUpdate(all,
                Given.of(86_400), Given.of(1), Given.of(10), Given.of(1), Given.of(false))));
        create(new HealthMonitorCreate(t.tenant, dns.id(), HealthMonitor.Type.UDP_CONNECT,
                HealthMonitorUpdate.timing(5, 5, 1)));
        Resource ping = create(new HealthMonitorCreate(t.tenant, spare.id(), HealthMonitor.Type.PING,
                HealthMonitorUpdate.timing(10, 3, 2)));
        svc.update(Actor.ADMIN, ping.id(), new HealthMonitorUpdate(Common.named("icmp"), Given.of(20), Given.absent(),
                Given.absent(), Given.of(10), Given.absent()), null);
    }

    /** The tree's resources of one type, as the API writes them. */
    private List<ObjectNode> rendered(ResourceType type) {
        return svc.store().all(type).stream().map(ResourceJson::toJson).collect(Collectors.toList());
    }

    @Test
    void everyResourceOfALoadBalancerTreeConforms() {
        buildTree();
        Map<ResourceType, Integer> expected = Map.of(ResourceType.LOAD_BALANCER, 2, ResourceType.LISTENER, 3,
                ResourceType.POOL, 3, ResourceType.MEMBER, 3, ResourceType.HEALTH_MONITOR, 3);
        for (Map.Entry<ResourceType, String> list : LISTS.entrySet()) {
            List<ObjectNode> resources = rendered(list.getKey());
            assertEquals(expected.get(list.getKey()), resources.size(), list.getValue());
            for (ObjectNode resource : resources) {
                YangModel.get().validate(MODULE, list.getValue(), resource);
            }
        }
    }

    @Test
    void everyLeafOfTheModuleIsAFieldTheApiWrites() {
        buildTree();
        for (Map.Entry<ResourceType, String> list : LISTS.entrySet()) {
            Set<String> written = new TreeSet<>();
            for (ObjectNode resource : rendered(list.getKey())) {
                fields(resource, schema(list.getValue()), "", written);
            }
            Set<String> modelled = new TreeSet<>();
            leaves(schema(list.getValue()), "", modelled);
            assertEquals(modelled, written, list.getValue() + ": the module's leaves and the API's fields");
        }
    }

    /** The paths of the fields, into objects the schema has as containers ({@code session_persistence/type}). */
    private static void fields(ObjectNode object, DataNodeContainer schema, String prefix, Set<String> out) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String path = prefix + field.getKey();
            out.add(path);
            DataSchemaNode child = Rfc7951Renderer.child(schema, field.getKey()).orElse(null);
            if (child instanceof ContainerSchemaNode && field.getValue().isObject()) {
                fields((ObjectNode) field.getValue(), (ContainerSchemaNode) child, path + "/", out);
            }
        }
    }

    /** The paths of the data nodes, into containers; a list (external_ids) is one field. */
    private static void leaves(DataNodeContainer schema, String prefix, Set<String> out) {
        for (DataSchemaNode child : schema.getChildNodes()) {
            String path = prefix + child.getQName().getLocalName();
            out.add(path);
            if (child instanceof ContainerSchemaNode) {
                leaves((ContainerSchemaNode) child, path + "/", out);
            }
        }
    }

    @Test
    void enumerationsHoldTheValuesOfTheJavaEnums() {
        Map<String, List<String>> java = new LinkedHashMap<>();
        List<String> protocols = names(L4Protocol.values());
        for (String list : LISTS.values()) {
            java.put(list + "/provisioning_status", names(ProvisioningStatus.values()));
            java.put(list + "/operating_status", names(OperatingStatus.values()));
        }
        java.put("listener/protocol", protocols);
        java.put("pool/protocol", protocols);
        java.put("pool/lb_algorithm", names(Pool.Algorithm.values()));
        java.put("pool/session_persistence/type", names(Pool.SessionPersistence.Type.values()));
        java.put("health-monitor/type",
                Arrays.stream(HealthMonitor.Type.values()).map(HealthMonitor.Type::json).collect(Collectors.toList()));
        for (Map.Entry<String, List<String>> e : java.entrySet()) {
            assertEquals(new TreeSet<>(e.getValue()), enumeration(e.getKey()), e.getKey());
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toList());
    }

    /** The names of the enumeration at {@code list/leaf} or {@code list/container/leaf}. */
    private static Set<String> enumeration(String path) {
        String[] steps = path.split("/");
        DataNodeContainer at = schema(steps[0]);
        for (int i = 1; i < steps.length - 1; i++) {
            at = (ContainerSchemaNode) Rfc7951Renderer.child(at, steps[i]).orElseThrow();
        }
        DataSchemaNode leaf = Rfc7951Renderer.child(at, steps[steps.length - 1]).orElseThrow(() ->
                new AssertionError("no leaf " + path));
        assertTrue(leaf instanceof LeafSchemaNode && ((LeafSchemaNode) leaf).getType() instanceof EnumTypeDefinition,
                path + " is not an enumeration leaf");
        return ((EnumTypeDefinition) ((LeafSchemaNode) leaf).getType()).getValues().stream()
                .map(EnumTypeDefinition.EnumPair::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static ListSchemaNode schema(String list) {
        Module module = YangModel.get().context().findModules(MODULE).iterator().next();
        return (ListSchemaNode) module.dataChildByName(QName.create(module.getQNameModule(), list));
    }
}
