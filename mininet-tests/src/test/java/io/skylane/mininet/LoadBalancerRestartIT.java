package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load balancer made through the REST API outlives its controller: while a long connection runs
 * through the VIP, the controller is stopped (SIGTERM, then in a second test killed with SIGKILL)
 * and started again on the same ports and data directory. The load balancer comes back from the
 * store, provisioned; the long connection goes on with its member without a lost round; new
 * connections are answered; the switches hold only Skylane's rules. One network for both tests:
 * s1-s2, client c1 and member m1 on s1, member m2 on s2, VIP 10.0.0.100:80 to the members' 8080.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancerRestartIT {

    private static final Logger log = LoggerFactory.getLogger(LoadBalancerRestartIT.class);
    private static final String NAME = "LoadBalancerRestartIT";
    private static final String VIP = "10.0.0.100";
    private static final List<String> MEMBERS = List.of("m1", "m2");
    private static final Map<String, String> ADDRESS = Map.of("c1", "10.0.0.11", "m1", "10.0.0.21", "m2", "10.0.0.22");
    private static final Map<String, String> MAC = Map.of(
            "c1", "02:00:00:00:0c:11", "m1", "02:00:00:00:0c:21", "m2", "02:00:00:00:0c:22");
    private static final Duration UP_WITHIN = Duration.ofSeconds(15);
    private static final List<String> DPIDS = List.of(LabTopo.dpid(1), LabTopo.dpid(2));

    @RegisterExtension
    final FailureEvidence evidence = new FailureEvidence(NAME);

    private ControllerProcess controller;
    private Lab lab;
    private LbLab lb;
    private String lbId;
    private String pool;
    private final Map<String, String> members = new LinkedHashMap<>();

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void setUp() throws Exception {
        LabSupport.assumeRoot();
        controller = ControllerProcess.start(NAME);
        lab = Lab.start(NAME);
        List<Object> hosts = new ArrayList<>();
        for (String h : List.of("c1", "m1", "m2")) {
            hosts.add(Map.of("name", h, "ip", ADDRESS.get(h) + "/24", "mac", MAC.get(h)));
        }
        lab.start(LabTopo.custom(List.of("s1", "s2"), hosts, List.of(List.of("s1", "s2"),
                List.of("c1", "s1"), List.of("m1", "s1"), List.of("m2", "s2"))), controller.openflowPort());
        SkylaneRest rest = controller.rest();
        rest.waitForSwitches(2, Duration.ofSeconds(20));
        // A port is ACTIVE once its own switch holds its rules; paths across switches need the links.
        rest.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
        TenantLab t = new TenantLab(rest, lab);
        lb = new LbLab(rest, lab, NAME);
        evidence.collectWith(this::evidence);

        String tenant = t.tenant("lb");
        String vpc = t.vpc(tenant);
        String subnet = t.subnet(tenant, vpc, "10.0.0.0/24");
        String group = t.securityGroup(tenant, "members", "10.0.0.0/24", List.of("tcp:8080"));
        t.port(tenant, vpc, subnet, ADDRESS.get("c1"), MAC.get("c1"), "c1");
        for (String m : MEMBERS) {
            t.port(tenant, vpc, subnet, ADDRESS.get(m), MAC.get(m), m, List.of(group));
        }
        t.awaitActive(3, Duration.ofSeconds(20));
        for (String m : MEMBERS) {
            lb.tcpServer(m, m, 8080);
        }
        lbId = lb.loadBalancer(tenant, subnet, VIP);
        pool = lb.pool(tenant, lbId, "TCP", "SOURCE_IP_PORT");
        lb.listener(tenant, lbId, "TCP", 80, pool, List.of());
        for (String m : MEMBERS) {
            members.put(m, lb.member(tenant, pool, ADDRESS.get(m), 8080, 1));
        }
        lb.healthMonitor(tenant, pool, "TCP", 1, 1, 2, 2);
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLongConnectionSurvivesAStop() throws Exception {
        restartWhileConnected(false);
    }

    @Test
    @Order(2)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLongConnectionSurvivesACrash() throws Exception {
        restartWhileConnected(true);
    }

    private void restartWhileConnected(boolean crash) throws Exception {
        lb.awaitProvisioned(lbId, Duration.ofSeconds(30));
        awaitMembersOnline();
        lb.burst("c1", VIP, 80, 10, "before").assertAllAnsweredBy(MEMBERS, "before the restart");
        Map<String, Set<String>> before = new LinkedHashMap<>();
        for (String dpid : DPIDS) {
            LbLab.LbRules rules = lb.lbRules(dpid);
            assertFalse(rules.desired().isEmpty(), dpid + " has load-balancer rules before the restart");
            assertEquals(rules.desired(), rules.actual(), dpid + ": the switch holds the load-balancer rules wanted");
            before.put(dpid, rules.desired());
        }
        LbLab.Hold hold = lb.hold("c1", VIP, 80, "long");
        long down = System.nanoTime();
        if (crash) {
            controller.kill();
        } else {
            controller.stop();
        }
        assertFalse(controller.isAlive());
        controller.restart();
        controller.rest().waitForSwitches(2, Duration.ofSeconds(30));
        // A port is ACTIVE once its own switch holds its rules; paths across switches need the links.
        controller.rest().waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
        long provisioned = lb.awaitProvisioned(lbId, Duration.ofSeconds(30));
        log.info("{}: load balancer ACTIVE {} ms after the switches reconnected ({} ms after the controller went away)",
                crash ? "kill" : "stop", provisioned, (System.nanoTime() - down) / 1_000_000);
        awaitRulesBack(before, Duration.ofSeconds(20));
        awaitMembersOnline();
        LbLab.Burst after = lb.burst("c1", VIP, 80, 20, "after");
        log.info("20 new connections after the restart: {}", after);
        after.assertAllAnsweredBy(MEMBERS, "after the restart");

        LbLab.HoldResult held = lb.finish(hold);
        log.info("the long connection across the restart: {}", held);
        assertEquals(List.of(), held.failures(), "the long connection broke: " + held);
        // it exchanged a line every half second from before the stop until now: a round without an
        // answer within 3 s would have ended it with a failure
        assertEquals(Map.of(hold.first(), held.rounds()), held.answers(),
                "every round answered by the first member " + hold.first() + ": " + held);
        FlowTables.assertOnlySkylaneRules(lab, List.of("s1", "s2"), Duration.ofSeconds(10));
    }

    /**
     * Waits until the restarted controller wants, on every switch, the same load-balancer rules as
     * before (recomputed from the store) and the switch holds exactly those.
     */
    private void awaitRulesBack(Map<String, Set<String>> before, Duration timeout) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        for (String dpid : DPIDS) {
            LbLab.LbRules rules = lb.lbRules(dpid);
            while (!rules.desired().equals(before.get(dpid)) || !rules.actual().equals(rules.desired())) {
                if (System.nanoTime() > deadline) {
                    fail(dpid + ": the load-balancer rules did not come back within " + timeout.toSeconds()
                            + " s; before: " + before.get(dpid) + "; now " + rules);
                }
                Thread.sleep(200);
                rules = lb.lbRules(dpid);
            }
        }
        log.info("load-balancer rules back on every switch after {} ms more",
                (System.nanoTime() - started) / 1_000_000);
    }

    private void awaitMembersOnline() throws Exception {
        for (String member : members.values()) {
            lb.awaitMemberStatus(pool, member, "ONLINE", UP_WITHIN);
        }
    }

    private String evidence() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String sw : List.of("s1", "s2")) {
            out.append("== ").append(sw).append(" flows\n");
            lab.ofctl(sw, "dump-flows").forEach(l -> out.append(l).append('\n'));
        }
        out.append("== conntrack\n")
                .append(lab.cmd("c1", "ovs-appctl dpctl/dump-conntrack | head -200", Duration.ofSeconds(10)).output());
        out.append("== controller log tail\n").append(controller.tail()).append('\n');
        return out.toString();
    }
}
