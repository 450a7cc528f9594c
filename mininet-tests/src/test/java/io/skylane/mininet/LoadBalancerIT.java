package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Tenant L4 load balancing on Open vSwitch, everything through the REST API as an orchestrator
 * would (issue #13). One network for the whole class: switches s1-s2-s3 in a line; VPC A (tenant a,
 * 10.0.0.0/24) with members am1 (s1), am2, am3 (s2) running TCP servers on 8080 and UDP servers on
 * 5300 that answer with their name, clients ac1 (s3, no member there) and ac2 (s1); VPC B (tenant
 * b) with the same addresses on the same switches (bm1..bm3, bc1, bc2). A's load balancer has the
 * VIP 10.0.0.100 with TCP listeners 80 and 81 (81 only from ac1's address) to one pool
 * (SOURCE_IP_PORT, weights 1:2:3, TCP monitor every second) and a UDP listener 53 to a UDP pool.
 * Members' security group allows TCP 8080 and UDP 5300 from the subnet; clients have the default
 * group. Each test leaves the load balancer as it found it; they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancerIT {

    private static final Logger log = LoggerFactory.getLogger(LoadBalancerIT.class);
    private static final String NAME = "LoadBalancerIT";
    private static final String VIP = "10.0.0.100";
    private static final List<String> A_MEMBERS = List.of("am1", "am2", "am3");
    private static final List<String> B_MEMBERS = List.of("bm1", "bm2", "bm3");
    private static final Map<String, String> ADDRESS = Map.of(
            "am1", "10.0.0.21", "am2", "10.0.0.22", "am3", "10.0.0.23", "ac1", "10.0.0.11", "ac2", "10.0.0.12",
            "bm1", "10.0.0.21", "bm2", "10.0.0.22", "bm3", "10.0.0.23", "bc1", "10.0.0.11", "bc2", "10.0.0.12");
    private static final Map<String, Integer> WEIGHT = Map.of("am1", 1, "am2", 2, "am3", 3);
    /** The TCP monitor: delay 1 s, timeout 1 s, up after 2 successes, down after 2 failures. */
    private static final int DELAY = 1;
    private static final int TIMEOUT = 1;
    private static final int RETRIES = 2;
    private static final int RETRIES_DOWN = 2;
    /** The monitor's window plus a margin for the probe schedule and the REST polling. */
    private static final Duration DOWN_WITHIN = Duration.ofSeconds(DELAY * RETRIES_DOWN + TIMEOUT + 7);
    private static final Duration UP_WITHIN = Duration.ofSeconds(DELAY * RETRIES + TIMEOUT + 7);
    private static final Duration PROVISIONED_WITHIN = Duration.ofSeconds(15);

    @RegisterExtension
    final FailureEvidence evidence = new FailureEvidence(NAME);

    private ControllerProcess controller;
    private Lab lab;
    private SkylaneRest rest;
    private TenantLab t;
    private LbLab lb;
    private String tenantA;
    private String tenantB;
    private String subnetB;
    private String lbA;
    private String tcpPool;
    private String udpPool;
    private final Map<String, String> tcpMember = new LinkedHashMap<>();
    private final Map<String, String> tcpServer = new LinkedHashMap<>();
    private final Map<String, String> udpServer = new LinkedHashMap<>();
    /** Set when the data plane was not provisioned once: later tests fail at once with it. */
    private String dataPlaneMissing;

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void setUp() throws Exception {
        LabSupport.assumeRoot();
        controller = ControllerProcess.start(NAME);
        lab = Lab.start(NAME);
        List<Object> hosts = new ArrayList<>();
        List<List<String>> links = new ArrayList<>(List.of(List.of("s1", "s2"), List.of("s2", "s3")));
        Map<String, String> at = Map.of("m1", "s1", "m2", "s2", "m3", "s2", "c1", "s3", "c2", "s1");
        for (String vpc : List.of("a", "b")) {
            for (String role : List.of("m1", "m2", "m3", "c1", "c2")) {
                String host = vpc + role;
                hosts.add(Map.of("name", host, "ip", ADDRESS.get(host) + "/24", "mac", mac(host)));
                links.add(List.of(host, at.get(role)));
            }
        }
        lab.start(LabTopo.custom(List.of("s1", "s2", "s3"), hosts, links), controller.openflowPort());
        rest = controller.rest();
        rest.waitForSwitches(3, Duration.ofSeconds(20));
        // A port is ACTIVE once its own switch holds its rules; paths across switches need the links.
        rest.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
        t = new TenantLab(rest, lab);
        lb = new LbLab(rest, lab, NAME);
        evidence.collectWith(this::evidence);

        tenantA = t.tenant("a");
        tenantB = t.tenant("b");
        String vpcA = t.vpc(tenantA);
        String vpcB = t.vpc(tenantB);
        String subnetA = t.subnet(tenantA, vpcA, "10.0.0.0/24");
        subnetB = t.subnet(tenantB, vpcB, "10.0.0.0/24");
        String groupA = t.securityGroup(tenantA, "members", "10.0.0.0/24", List.of("tcp:8080", "udp:5300"));
        String groupB = t.securityGroup(tenantB, "members", "10.0.0.0/24", List.of("tcp:8080"));
        for (String host : A_MEMBERS) {
            t.port(tenantA, vpcA, subnetA, ADDRESS.get(host), mac(host), host, List.of(groupA));
        }
        for (String host : B_MEMBERS) {
            t.port(tenantB, vpcB, subnetB, ADDRESS.get(host), mac(host), host, List.of(groupB));
        }
        for (String host : List.of("ac1", "ac2", "bc1", "bc2")) {
            t.port(host.startsWith("a") ? tenantA : tenantB, host.startsWith("a") ? vpcA : vpcB,
                    host.startsWith("a") ? subnetA : subnetB, ADDRESS.get(host), mac(host), host);
        }
        t.awaitActive(10, Duration.ofSeconds(20));
        for (String host : A_MEMBERS) {
            tcpServer.put(host, lb.tcpServer(host, host, 8080));
            udpServer.put(host, lb.udpServer(host, host, 5300));
        }
        for (String host : B_MEMBERS) {
            tcpServer.put(host, lb.tcpServer(host, host, 8080));
        }

        lbA = lb.loadBalancer(tenantA, subnetA, VIP);
        tcpPool = lb.pool(tenantA, lbA, "TCP", "SOURCE_IP_PORT");
        lb.listener(tenantA, lbA, "TCP", 80, tcpPool, List.of());
        lb.listener(tenantA, lbA, "TCP", 81, tcpPool, List.of(ADDRESS.get("ac1") + "/32"));
        for (String host : A_MEMBERS) {
            tcpMember.put(host, lb.member(tenantA, tcpPool, ADDRESS.get(host), 8080, WEIGHT.get(host)));
        }
        lb.healthMonitor(tenantA, tcpPool, "TCP", DELAY, TIMEOUT, RETRIES, RETRIES_DOWN);
        udpPool = lb.pool(tenantA, lbA, "UDP", "SOURCE_IP_PORT");
        lb.listener(tenantA, lbA, "UDP", 53, udpPool, List.of());
        for (String host : A_MEMBERS) {
            lb.member(tenantA, udpPool, ADDRESS.get(host), 5300, 1);
        }
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

    /**
     * What works without the load balancer's data plane: the tenant set-up, the servers answering
     * direct connections inside each VPC (and security groups letting them), the VIP answering
     * pings in A only, and the status tree holding what was created.
     */
    @Test
    @Order(1)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void directPathsVipAndStatusTree() throws Exception {
        for (String client : List.of("ac1", "ac2", "bc1")) {
            for (String member : client.startsWith("a") ? A_MEMBERS : B_MEMBERS) {
                LbLab.Burst direct = lb.burst(client, ADDRESS.get(member), 8080, 1, client.substring(0, 1) + "-direct");
                assertEquals(Map.of(member, 1), direct.answers(), client + " -> " + member + ":8080 directly: " + direct);
            }
        }
        t.awaitReaches("ac1", VIP, Duration.ofSeconds(10));
        t.assertReaches("ac1", VIP);
        t.assertReaches("ac2", VIP);
        t.assertReaches("am3", VIP);
        t.assertUnreachable("bc1", VIP);

        JsonNode tree = lb.statusTree(lbA);
        assertEquals(lbA, tree.path("id").asText(), "status tree: " + tree);
        assertEquals(3, tree.path("listeners").size(), "listeners 80, 81, 53: " + tree);
        for (JsonNode listener : tree.path("listeners")) {
            assertEquals(1, listener.path("pools").size(), "one pool per listener: " + tree);
            assertEquals(3, listener.path("pools").get(0).path("members").size(), "three members: " + tree);
        }
    }

    /** Once the rules are in, every resource of the tree is provisioned (ACTIVE), and the load balancer ONLINE. */
    @Test
    @Order(2)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyResourceIsActiveOnceTheRulesAreIn() throws Exception {
        awaitDataPlane();
        awaitMembersOnline();
        long waited = lb.awaitTreeProvisioned(lbA, PROVISIONED_WITHIN);
        log.info("status tree ACTIVE {} ms after the load balancer", waited);
        JsonNode tree = lb.statusTree(lbA);
        assertEquals("ONLINE", tree.path("operating_status").asText(), "the load balancer: " + tree);
    }

    /**
     * 300 new connections (150 from each client) are all answered, spread by the weights 1:2:3.
     * The check is "shares within 15 % of the weights". Read relatively (|share - expected|
     * <= 0.15 * expected) it does not fit 300 connections: a perfect balancer gives am1 (expected 50)
     * a binomial spread of sigma 6.5 against a tolerance of 7.5, so it would fail about one run in
     * four. The 300 are checked in percentage points (each share within 15 points of its weight's),
     * then 1,800 more connections (2,100 in all, am1's sigma 17 against 52) are checked relatively.
     */
    @Test
    @Order(3)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void connectionsAreSpreadByWeight() throws Exception {
        awaitDataPlane();
        awaitMembersOnline();
        LbLab.Burst first = lb.burst("ac1", VIP, 80, 150, "a-dist").plus(lb.burst("ac2", VIP, 80, 150, "a-dist"));
        log.info("300 connections to {}:80: {} ({} ms)", VIP, first.answers(), Math.round(first.elapsedMs()));
        first.assertAllAnsweredBy(A_MEMBERS, "300 connections to the VIP");
        assertShares(first, 0.15, false);

        LbLab.Burst all = first.plus(lb.burst("ac1", VIP, 80, 900, "a-dist")).plus(lb.burst("ac2", VIP, 80, 900, "a-dist"));
        log.info("2100 connections to {}:80: {} ({} ms)", VIP, all.answers(), Math.round(all.elapsedMs()));
        // At most one of the 2,100 may time out. Since the scenario got faster (2026-12-07: 30 s
        // instead of 55 s) exactly one connection timed out in about one run in three; nothing
        // was reprogrammed meanwhile. Not yet explained; the suspect is the known 5-tuple defect
        // (docs/api.md, load balancer limits): ac1 and ac2 connected to the members directly
        // moments before (Order 1), and a VIP connection from the same ephemeral source port,
        // DNATed to the same member, would meet that connection's TIME_WAIT entry. Anything
        // beyond one lost connection is a failure.
        all.assertAnsweredBy(A_MEMBERS, 1, "2100 connections to the VIP");
        assertShares(all, 0.15, true);
    }

    /**
     * am2's server stops: the monitor marks it ERROR within its window (status tree too), then 60
     * new connections all succeed (one reaching am2 would be refused by its host); the server
     * comes back: ONLINE again and it gets connections again.
     */
    @Test
    @Order(4)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aFailedMemberIsAvoidedAndComesBack() throws Exception {
        awaitDataPlane();
        awaitMembersOnline();
        String m2 = tcpMember.get("am2");
        lab.bgStop(tcpServer.remove("am2"));
        try {
            long down = lb.awaitMemberStatus(tcpPool, m2, "ERROR", DOWN_WITHIN);
            log.info("am2 ERROR {} ms after its server stopped", down);
            lb.awaitProvisioned(lbA, PROVISIONED_WITHIN);
            LbLab.Burst after = lb.burst("ac1", VIP, 80, 30, "a-fail").plus(lb.burst("ac2", VIP, 80, 30, "a-fail"));
            log.info("60 connections with am2 down: {}", after);
            after.assertAllAnsweredBy(List.of("am1", "am3"), "with am2 down");
            JsonNode tree = lb.statusTree(lbA);
            assertEquals("ERROR", LbLab.memberInTree(tree, m2).path("operating_status").asText(), "am2 in the tree: " + tree);
            assertEquals("DEGRADED", tree.path("operating_status").asText(), "the load balancer with a member down: " + tree);
        } finally {
            tcpServer.put("am2", lb.tcpServer("am2", "am2", 8080));
        }
        long up = lb.awaitMemberStatus(tcpPool, m2, "ONLINE", UP_WITHIN);
        log.info("am2 ONLINE {} ms after its server started again", up);
        lb.awaitProvisioned(lbA, PROVISIONED_WITHIN);
        LbLab.Burst back = lb.burst("ac1", VIP, 80, 30, "a-back").plus(lb.burst("ac2", VIP, 80, 30, "a-back"));
        log.info("60 connections with am2 back: {}", back);
        back.assertAllAnsweredBy(A_MEMBERS, "with am2 back");
        assertTrue(back.answeredBy("am2") > 0, "am2 gets connections again: " + back);
        assertEquals("ONLINE", lb.statusTree(lbA).path("operating_status").asText(), "every member up again");
    }

    /**
     * A long connection lands on a member; that member is drained (admin_state_up false): the long
     * connection goes on with it to the end, and 60 new connections never land on it.
     */
    @Test
    @Order(5)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aDrainedMemberKeepsItsConnectionsAndGetsNoNewOne() throws Exception {
        drainWhileConnected("\"admin_state_up\":false", "OFFLINE", host -> "\"admin_state_up\":true");
    }

    /** The same with weight 0 (the member DRAINING) instead of admin_state_up false. */
    @Test
    @Order(6)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMemberOfWeightZeroKeepsItsConnectionsAndGetsNoNewOne() throws Exception {
        drainWhileConnected("\"weight\":0", "DRAINING", host -> "\"weight\":" + WEIGHT.get(host));
    }

    /**
     * Opens a long connection, drains the member it landed on with {@code drain} (its
     * operating_status becomes {@code status}), checks that 60 new connections avoid it and the
     * long connection goes on with it, and undoes the drain with {@code restore}.
     */
    private void drainWhileConnected(String drain, String status, Function<String, String> restore) throws Exception {
        awaitDataPlane();
        awaitMembersOnline();
        LbLab.Hold hold = lb.hold("ac1", VIP, 80, "a-drain-long");
        String drained = hold.first();
        assertTrue(A_MEMBERS.contains(drained), "the long connection was answered by " + drained);
        String member = tcpMember.get(drained);
        try {
            JsonNode answer = lb.updateMember(tcpPool, member, drain);
            long provisioned = lb.awaitProvisioned(lbA, PROVISIONED_WITHIN);
            log.info("{} drained ({}): the PUT answered provisioning_status {}, the load balancer ACTIVE {} ms later",
                    drained, drain, answer.path("provisioning_status").asText(), provisioned);
            List<String> others = A_MEMBERS.stream().filter(m -> !m.equals(drained)).toList();
            LbLab.Burst during = lb.burst("ac1", VIP, 80, 30, "a-drain").plus(lb.burst("ac2", VIP, 80, 30, "a-drain"));
            log.info("60 connections with {} drained: {}", drained, during);
            during.assertAllAnsweredBy(others, "with " + drained + " drained (" + drain + ")");
            int drainedAt = lb.rounds(hold);
            lb.awaitRounds(hold, drainedAt + 3, Duration.ofSeconds(10)); // and it goes on after all that
            LbLab.HoldResult held = lb.finish(hold);
            log.info("the long connection: {}", held);
            assertEquals(List.of(), held.failures(), "the long connection to the drained member broke: " + held);
            assertEquals(Map.of(drained, held.rounds()), held.answers(),
                    "every round of the long connection answered by " + drained + ": " + held);
            lb.awaitMemberStatus(tcpPool, member, status, Duration.ofSeconds(5));
        } finally {
            lb.updateMember(tcpPool, member, restore.apply(drained));
            lb.awaitProvisioned(lbA, PROVISIONED_WITHIN);
        }
    }

    /** Every member admin down: a connection to the VIP is refused at once (a RST), not left to time out. */
    @Test
    @Order(7)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noMemberUpRefusesConnections() throws Exception {
        awaitDataPlane();
        try {
            for (String m : A_MEMBERS) {
                lb.updateMember(tcpPool, tcpMember.get(m), "\"admin_state_up\":false");
            }
            log.info("every member admin down: the load balancer ACTIVE {} ms after the last PUT",
                    lb.awaitProvisioned(lbA, PROVISIONED_WITHIN));
            for (String client : List.of("ac1", "ac2")) {
                LbLab.Burst refused = lb.burst(client, VIP, 80, 5, 1, Duration.ofSeconds(3), "a-none");
                log.info("{} with no member up: {}", client, refused);
                assertEquals(Map.of("ConnectionRefusedError", 5), refused.failures(),
                        client + ": every connection refused: " + refused);
                assertTrue(refused.maxMs() < 2000, client + ": refused within 2 s, not after retries: " + refused);
            }
        } finally {
            for (String m : A_MEMBERS) {
                lb.updateMember(tcpPool, tcpMember.get(m), "\"admin_state_up\":true");
            }
            lb.awaitProvisioned(lbA, PROVISIONED_WITHIN);
        }
        lb.burst("ac1", VIP, 80, 10, "a-none-after").assertAllAnsweredBy(A_MEMBERS, "members admin up again");
    }

    /** Listener 81 allows only ac1's address: ac1 connects through it, ac2 cannot (and still can through 80). */
    @Test
    @Order(8)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void allowedCidrsAreEnforced() throws Exception {
        awaitDataPlane();
        lb.burst("ac1", VIP, 81, 20, "a-cidr").assertAllAnsweredBy(A_MEMBERS, "ac1 through listener 81");
        LbLab.Burst shut = lb.burst("ac2", VIP, 81, 5, 5, Duration.ofMillis(1500), "a-cidr-denied");
        log.info("ac2 through listener 81 (not allowed): {}", shut);
        assertEquals(0, shut.answered(), "ac2 is not in listener 81's allowed_cidrs: " + shut);
        lb.burst("ac2", VIP, 80, 10, "a-cidr").assertAllAnsweredBy(A_MEMBERS, "ac2 through listener 80");
    }

    /** UDP listener 53: every datagram of both clients is answered by a member, from VIP:53. */
    @Test
    @Order(9)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void udpListenerAnswersEveryDatagram() throws Exception {
        awaitDataPlane();
        Map<String, Integer> byMember = new LinkedHashMap<>();
        for (String client : List.of("ac1", "ac2")) {
            LbLab.Datagrams d = lb.udp(client, VIP, 53, 30);
            log.info("{}: 30 datagrams to {}:53: {}", client, VIP, d);
            assertEquals(30, d.answered(), client + ": every datagram answered: " + d);
            assertTrue(A_MEMBERS.containsAll(d.answers().keySet()), client + ": answered by A's members only: " + d);
            assertEquals(List.of(VIP + ":53"), d.sources(), client + ": answers come from the VIP: " + d);
            d.answers().forEach((k, v) -> byMember.merge(k, v, Integer::sum));
        }
        assertEquals(A_MEMBERS, List.copyOf(new java.util.TreeSet<>(byMember.keySet())),
                "60 datagrams over three members of weight 1 reach each: " + byMember);
    }

    /**
     * am3 connects to its own VIP 30 times: every connection is answered, some by am3 itself, which
     * sees those from the VIP's address (source NAT); the others see am3's own address.
     */
    @Test
    @Order(10)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMemberReachesItsOwnVip() throws Exception {
        awaitDataPlane();
        awaitMembersOnline();
        LbLab.Burst hairpin = lb.burst("am3", VIP, 80, 30, 4, Duration.ofSeconds(3), "a-hairpin");
        log.info("am3 -> its own VIP: {}", hairpin);
        hairpin.assertAllAnsweredBy(A_MEMBERS, "am3 to its own VIP");
        assertTrue(hairpin.answeredBy("am3") > 0, "some of am3's connections reach am3 itself: " + hairpin);
        for (String m : A_MEMBERS) {
            List<String> seen = lb.serverLog(tcpServer.get(m)).stream().filter(l -> l.endsWith(" a-hairpin")).toList();
            String from = m.equals("am3") ? VIP : ADDRESS.get("am3");
            assertEquals(hairpin.answeredBy(m), seen.size(), m + " logged the hairpin connections it answered: " + seen);
            assertTrue(seen.stream().allMatch(l -> l.startsWith("tcp " + from + ":")), m + " saw them from " + from + ": " + seen);
        }
    }

    /**
     * VPC B uses A's addresses: its client cannot reach A's VIP (no answer, nothing logged by A's
     * members); then B gets its own load balancer on the same VIP address, and each VPC's clients
     * reach only their own VPC's members.
     */
    @Test
    @Order(11)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void anotherVpcWithTheSameAddressesReachesOnlyItsOwnMembers() throws Exception {
        awaitDataPlane();
        LbLab.Burst denied = lb.burst("bc1", VIP, 80, 3, 3, Duration.ofSeconds(2), "b-to-a");
        log.info("bc1 -> {}:80 before B has a load balancer: {}", VIP, denied);
        assertEquals(0, denied.answered(), "B's client reached A's VIP: " + denied);
        t.assertUnreachable("bc1", VIP);

        String lbB = lb.loadBalancer(tenantB, subnetB, VIP);
        String poolB = lb.pool(tenantB, lbB, "TCP", "SOURCE_IP_PORT");
        lb.listener(tenantB, lbB, "TCP", 80, poolB, List.of());
        for (String host : B_MEMBERS) {
            lb.member(tenantB, poolB, ADDRESS.get(host), 8080, 1);
        }
        lb.awaitProvisioned(lbB, PROVISIONED_WITHIN);
        for (String client : List.of("bc1", "bc2")) {
            lb.burst(client, VIP, 80, 30, "b-own").assertAllAnsweredBy(B_MEMBERS, client + " to B's VIP");
        }
        for (String client : List.of("ac1", "ac2")) {
            lb.burst(client, VIP, 80, 30, "a-own").assertAllAnsweredBy(A_MEMBERS, client + " to A's VIP");
        }
        for (String m : A_MEMBERS) {
            List<String> fromB = lb.serverLog(tcpServer.get(m)).stream().filter(l -> l.contains(" b-")).toList();
            assertEquals(List.of(), fromB, m + " (VPC A) logged connections of VPC B");
        }
        for (String m : B_MEMBERS) {
            List<String> fromA = lb.serverLog(tcpServer.get(m)).stream().filter(l -> l.contains(" a-")).toList();
            assertEquals(List.of(), fromA, m + " (VPC B) logged connections of VPC A");
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    /** Waits (the first time) until A's load balancer is provisioned; afterwards fails at once if it never was. */
    private void awaitDataPlane() throws Exception {
        if (dataPlaneMissing != null) {
            fail(dataPlaneMissing);
        }
        try {
            long waited = lb.awaitProvisioned(lbA, Duration.ofSeconds(30));
            log.info("load balancer provisioned after {} ms more", waited);
        } catch (AssertionError e) {
            dataPlaneMissing = "no data plane (as found by an earlier test): " + e.getMessage();
            throw e;
        }
    }

    /** Waits until the monitor has every member of the TCP pool ONLINE, as an orchestrator would. */
    private void awaitMembersOnline() throws Exception {
        for (Map.Entry<String, String> m : tcpMember.entrySet()) {
            lb.awaitMemberStatus(tcpPool, m.getValue(), "ONLINE", UP_WITHIN);
        }
    }

    /**
     * Each member's share against its weight's: relatively (|share - w| <= tolerance * w) or in
     * absolute points (|share - w| <= tolerance).
     */
    private static void assertShares(LbLab.Burst burst, double tolerance, boolean relative) {
        int total = WEIGHT.values().stream().mapToInt(Integer::intValue).sum();
        for (String m : A_MEMBERS) {
            double expected = (double) WEIGHT.get(m) / total;
            double share = (double) burst.answeredBy(m) / burst.count();
            double allowed = relative ? tolerance * expected : tolerance;
            assertTrue(Math.abs(share - expected) <= allowed, String.format(
                    "%s's share %.3f against %.3f (weight %d of %d), allowed +-%.3f: %s",
                    m, share, expected, WEIGHT.get(m), total, allowed, burst.answers()));
        }
    }

    /** 02:00:00:00:0a:21 for am1, 0b:11 for bc1, ...: the VPC, then m/c and the number. */
    private static String mac(String host) {
        return String.format("02:00:00:00:%02x:%d%c", host.charAt(0) == 'a' ? 0x0a : 0x0b,
                host.charAt(1) == 'm' ? 2 : 1, host.charAt(2));
    }

    /** Flows, groups and conntrack of every switch, and the status tree, for a failure. */
    private String evidence() throws Exception {
        StringBuilder out = new StringBuilder();
        for (String sw : List.of("s1", "s2", "s3")) {
            out.append("== ").append(sw).append(" flows\n");
            lab.ofctl(sw, "dump-flows").forEach(l -> out.append(l).append('\n'));
            out.append("== ").append(sw).append(" groups\n");
            lab.ofctl(sw, "dump-groups").forEach(l -> out.append(l).append('\n'));
        }
        out.append("== conntrack (shared userspace datapath)\n")
                .append(lab.cmd("ac1", "ovs-appctl dpctl/dump-conntrack | head -300", Duration.ofSeconds(10)).output());
        out.append("== status tree\n").append(lb.statusTree(lbA).toPrettyString()).append('\n');
        out.append("== controller log tail\n").append(controller.tail()).append('\n');
        return out.toString();
    }
}
