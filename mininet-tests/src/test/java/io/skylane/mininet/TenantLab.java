package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Tenant resources through the REST API as an orchestrator creates them, bound to the switch ports
 * the hosts are cabled to (Mininet's, or the overlay lab's hypervisors'), and the reachability
 * checks tenant scenarios make.
 */
final class TenantLab {

    private final SkylaneRest rest;
    private final HostShell lab;
    private final Function<String, String[]> attachments;

    /** Tenants on a Mininet network: a host's port is the switch port Mininet cabled it to. */
    TenantLab(SkylaneRest rest, Lab lab) {
        this(rest, lab, host -> mininetAttachment(lab, host));
    }

    /** Tenants on other hosts, e.g. {@code new TenantLab(rest, overlay, overlay::attachment)}. */
    TenantLab(SkylaneRest rest, HostShell lab, Function<String, String[]> attachments) {
        this.rest = rest;
        this.lab = lab;
        this.attachments = attachments;
    }

    String tenant(String name) throws Exception {
        return rest.post("/v1/tenants", "{\"tenant\":{\"name\":\"" + name + "\"}}").at("/tenant/id").asText();
    }

    String vpc(String tenant) throws Exception {
        return rest.post("/v1/vpcs", "{\"vpc\":{\"tenant_id\":\"" + tenant + "\"}}").at("/vpc/id").asText();
    }

    String subnet(String tenant, String vpc, String cidr) throws Exception {
        return rest.post("/v1/subnets", "{\"subnet\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc
                + "\",\"cidr\":\"" + cidr + "\"}}").at("/subnet/id").asText();
    }

    /** A subnet with an explicit gateway address. */
    String subnet(String tenant, String vpc, String cidr, String gateway) throws Exception {
        return rest.post("/v1/subnets", "{\"subnet\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc
                + "\",\"cidr\":\"" + cidr + "\",\"gateway_ip\":\"" + gateway + "\"}}").at("/subnet/id").asText();
    }

    /** A port with this MAC and address, bound to the switch port {@code host} is cabled to; its id. */
    String port(String tenant, String vpc, String subnet, String ip, String mac, String host) throws Exception {
        return port(tenant, vpc, subnet, ip, mac, host, List.of());
    }

    /** The same, in these security groups (none given: the tenant's default group). */
    String port(String tenant, String vpc, String subnet, String ip, String mac, String host, List<String> groups)
            throws Exception {
        String[] at = attachment(host);
        String inGroups = groups.isEmpty() ? ""
                : ",\"security_groups\":[\"" + String.join("\",\"", groups) + "\"]";
        return rest.post("/v1/ports", "{\"port\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc
                + "\",\"mac_address\":\"" + mac + "\",\"fixed_ips\":[{\"subnet_id\":\"" + subnet + "\",\"ip_address\":\""
                + ip + "\"}]" + inGroups + ",\"binding\":{\"dpid\":\"" + at[0] + "\",\"port\":" + at[1] + "}}}")
                .at("/port/id").asText();
    }

    /**
     * A port bound to the switch {@code host} is on but not to its port (a hypervisor's bridge, as
     * Neutron's binding:host_id): placed where its MAC first shows up at an edge port of that switch.
     */
    String portOnSwitch(String tenant, String vpc, String subnet, String ip, String mac, String host) throws Exception {
        return rest.post("/v1/ports", "{\"port\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc
                + "\",\"mac_address\":\"" + mac + "\",\"fixed_ips\":[{\"subnet_id\":\"" + subnet + "\",\"ip_address\":\""
                + ip + "\"}],\"binding\":{\"dpid\":\"" + attachment(host)[0] + "\"}}}").at("/port/id").asText();
    }

    /**
     * A security group letting in, from {@code remote} (a CIDR), each of {@code ingress} given as
     * "tcp:8080" or "udp:5300"; as every group made without rules, it allows any egress. Its id.
     */
    String securityGroup(String tenant, String name, String remote, List<String> ingress) throws Exception {
        String group = rest.post("/v1/security-groups", "{\"security_group\":{\"tenant_id\":\"" + tenant
                + "\",\"name\":\"" + name + "\"}}").at("/security_group/id").asText();
        for (String rule : ingress) {
            String[] protoPort = rule.split(":");
            rest.post("/v1/security-group-rules", "{\"security_group_rule\":{\"tenant_id\":\"" + tenant
                    + "\",\"security_group_id\":\"" + group + "\",\"direction\":\"ingress\",\"protocol\":\""
                    + protoPort[0] + "\",\"port_range_min\":" + protoPort[1] + ",\"port_range_max\":" + protoPort[1]
                    + ",\"remote_ip_prefix\":\"" + remote + "\"}}");
        }
        return group;
    }

    /** A load balancer with its VIP at {@code vip} in the subnet; its id. */
    String loadBalancer(String tenant, String subnet, String vip) throws Exception {
        return rest.post("/v1/load-balancers", "{\"load_balancer\":{\"tenant_id\":\"" + tenant
                + "\",\"vip_subnet_id\":\"" + subnet + "\",\"vip_address\":\"" + vip + "\"}}")
                .at("/load_balancer/id").asText();
    }

    /** The switch (dpid) and port a host is cabled to. */
    String[] attachment(String host) {
        return attachments.apply(host);
    }

    private static String[] mininetAttachment(Lab lab, String host) {
        for (JsonNode s : lab.switches()) {
            for (JsonNode p : s.path("ports")) {
                if (host.equals(p.path("peer").asText())) {
                    return new String[] {s.path("dpid").asText(), p.path("port").asText()};
                }
            }
        }
        throw new AssertionError(host + " is cabled to no switch: " + lab.switches());
    }

    /** Waits until {@code count} ports exist and all are ACTIVE, as an orchestrator would. */
    void awaitActive(int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode ports = rest.get("/v1/ports");
        while (!allActive(ports, count) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            ports = rest.get("/v1/ports");
        }
        assertTrue(allActive(ports, count), "ports not ACTIVE: " + ports);
    }

    private static boolean allActive(JsonNode answer, int count) {
        JsonNode ports = answer.path("ports");
        if (ports.size() != count) {
            return false;
        }
        for (JsonNode p : ports) {
            if (!"ACTIVE".equals(p.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** A tcpdump running in a host, and when it started listening. */
    record Capture(String name, String host, long listeningSince) {
    }

    /**
     * Starts capturing LLDP, and ICMP to show that the capture sees the host's traffic, on the host's
     * interface; returns once tcpdump listens.
     */
    Capture captureLldp(String host) throws InterruptedException {
        String name = lab.bgStart(host, "tcpdump -n -l -e -i " + host + "-eth0 'ether proto 0x88cc or icmp'");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode s = lab.bgStatus(name);
        while (!s.path("output").asText().contains("listening on") && s.path("running").asBoolean()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = lab.bgStatus(name);
        }
        assertTrue(s.path("output").asText().contains("listening on"), "tcpdump in " + host + ": " + s);
        return new Capture(name, host, System.nanoTime());
    }

    /**
     * Stops the capture and checks that it lasted at least {@code window} (a few probe intervals),
     * saw the host's pings, and no LLDP: discovery never probes a tenant port, so the switch's
     * datapath id and port numbers never reach the tenant's host.
     */
    void assertNoLldp(Capture c, Duration window) {
        long lasted = System.nanoTime() - c.listeningSince();
        String out = lab.bgStop(c.name()).path("output").asText();
        assertTrue(lasted >= window.toNanos(), c.host() + ": captured for " + lasted / 1_000_000 + " ms only");
        assertTrue(out.contains("ICMP"), c.host() + ": the capture saw none of the host's pings: " + out);
        assertTrue(!out.contains("0x88cc") && !out.contains("LLDP"), c.host() + " received LLDP: " + out);
    }

    /** True when a TCP connection from {@code host} to {@code ip:port} opens within half a second. */
    static boolean tcpOpen(Lab lab, String host, String ip, int port) {
        Lab.CmdResult r = lab.cmd(host, "timeout 0.5 bash -c '</dev/tcp/" + ip + "/" + port + "' && echo OPEN || echo SHUT",
                Duration.ofSeconds(5));
        return r.output().contains("OPEN");
    }

    void assertReaches(String host, String ip) {
        Lab.CmdResult r = lab.cmd(host, "ping -n -c 3 -i 0.2 -W 1 " + ip, Duration.ofSeconds(15));
        assertTrue(r.output().contains(" 0% packet loss"), host + " -> " + ip + ": " + r.output());
    }

    /** Waits until one ping from {@code host} to {@code ip} is answered (the rules of a new intent landing). */
    void awaitReaches(String host, String ip, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Lab.CmdResult r;
        do {
            r = lab.cmd(host, "ping -n -c 1 -W 1 " + ip, Duration.ofSeconds(5));
        } while (!r.output().contains(" 0% packet loss") && System.nanoTime() < deadline);
        assertTrue(r.output().contains(" 0% packet loss"), host + " -> " + ip + " within " + timeout + ": " + r.output());
    }

    void assertUnreachable(String host, String ip) {
        Lab.CmdResult r = lab.cmd(host, "ping -n -c 3 -i 0.2 -W 1 " + ip, Duration.ofSeconds(15));
        assertTrue(r.output().contains("100% packet loss") && !r.output().contains("bytes from"),
                host + " -> " + ip + " must fail: " + r.output());
    }
}
