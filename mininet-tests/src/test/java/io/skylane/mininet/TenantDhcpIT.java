package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts without an address get it from the controller's native DHCP (no DHCP server in the
 * network): a tenant VPC with two subnets and three ports bound to three hosts' switch ports, over
 * two switches. Each host runs busybox udhcpc; then the hosts reach each other, switched across
 * the switches with full-size don't-fragment packets at the MTU the controller handed out, and
 * routed to the other subnet through the default route the controller handed out; a renewal,
 * unicast to the gateway, is answered as well.
 */
class TenantDhcpIT {

    /** The tenant pipeline's fabric table (docs/pipeline.md), where s2 untags frames for its ports. */
    private static final int FABRIC_TABLE = 5;


    private static final Logger log = LoggerFactory.getLogger(TenantDhcpIT.class);

    private static final String D1 = "02:00:00:00:0d:01";
    private static final String D2 = "02:00:00:00:0d:02";
    private static final String D3 = "02:00:00:00:0d:03";

    /** udhcpc's event script: applies the lease with ip(8) and prints what it got. */
    static final String SCRIPT = """
            #!/bin/sh
            # busybox udhcpc event script (TenantDhcpIT): $1 is the event, the lease is in the environment.
            case "$1" in
              deconfig)
                ip -4 addr flush dev "$interface"
                ip link set dev "$interface" up
                ;;
              bound|renew)
                ip -4 addr flush dev "$interface"
                ip addr add "$ip/${mask:-$subnet}" dev "$interface"
                [ -n "$mtu" ] && ip link set dev "$interface" mtu "$mtu"
                for r in $router; do ip route replace default via "$r" dev "$interface"; break; done
                echo "LEASE $1 ip=$ip mask=$mask router=$router dns=$dns mtu=$mtu serverid=$serverid lease=$lease"
                ;;
              nak|leasefail)
                echo "LEASE $1 $message"
                ;;
            esac
            exit 0
            """;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void hostsGetTheirAddressGatewayAndMtuFromTheController() throws Exception {
        LabSupport.assumeRoot();
        Path script = Files.createTempFile("skylane-udhcpc-", ".sh",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ControllerProcess controller = ControllerProcess.start("TenantDhcpIT");
             Lab lab = Lab.start("TenantDhcpIT")) {
            Files.writeString(script, SCRIPT, StandardCharsets.US_ASCII);
            lab.start(LabTopo.custom(List.of("s1", "s2"), List.of(host("d1", D1), host("d2", D2), host("d3", D3)),
                    List.of(List.of("s1", "s2"), List.of("d1", "s1"), List.of("d2", "s2"), List.of("d3", "s2"))),
                    controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(2, Duration.ofSeconds(20));
            Set<String> built = TopologyLinks.built(lab);
            assertEquals(built, rest.waitForLinks(built, Duration.ofSeconds(15)), "discovered links");
            for (String h : List.of("d1", "d2", "d3")) {
                String addr = lab.cmd(h, "ip -4 -o addr show dev " + h + "-eth0", Duration.ofSeconds(5)).output();
                assertFalse(addr.contains("inet "), h + " must start without an IPv4 address: " + addr);
            }

            String t = rest.post("/v1/tenants", "{\"tenant\":{\"name\":\"dhcp\"}}").at("/tenant/id").asText();
            String v = rest.post("/v1/vpcs", "{\"vpc\":{\"tenant_id\":\"" + t + "\"}}").at("/vpc/id").asText();
            String s0 = subnet(rest, t, v, "10.0.0.0/24");
            String s1 = subnet(rest, t, v, "10.0.1.0/24");
            port(rest, lab, t, v, s0, "10.0.0.11", D1, "d1");
            port(rest, lab, t, v, s1, "10.0.1.12", D2, "d2");
            port(rest, lab, t, v, s0, "10.0.0.13", D3, "d3");

            dhcp(lab, script, "d1", "10.0.0.11", "10.0.0.1");
            dhcp(lab, script, "d2", "10.0.1.12", "10.0.1.1");
            dhcp(lab, script, "d3", "10.0.0.13", "10.0.0.1");

            // Switched between d1 (s1) and d3 (s2): the frames cross the s1-s2 cable with the VPC's
            // VLAN tag. 1472 bytes of ICMP data fill a 1500-byte IP packet exactly; -M do forbids
            // fragmentation, so this passes only if the MTU handed out is right for the fabric.
            assertReaches(lab, "d1", "10.0.0.13", "");
            assertReaches(lab, "d1", "10.0.0.13", "-M do -s 1472 ");
            assertReaches(lab, "d3", "10.0.0.11", "-M do -s 1472 ");
            // Routed to the other subnet, through the default route from DHCP: one hop (TTL-1).
            assertReaches(lab, "d1", "10.0.1.12", "-M do -s 1472 ");
            long tagged = lab.dumpFlows("s2").stream()
                    .filter(f -> f.table() == FABRIC_TABLE && f.actions().contains("pop_vlan")).mapToLong(Lab.Flow::packets).sum();
            assertTrue(tagged >= 9, "the pings crossed s1-s2 tagged (s2's untagging rule counted " + tagged + ")");
            Lab.CmdResult routed = lab.cmd("d2", "ping -n -c 2 -W 1 10.0.0.11", Duration.ofSeconds(10));
            assertTrue(routed.output().contains("ttl=63"), "one routed hop: " + routed.output());

            // Renewing (SIGUSR1): a REQUEST unicast from the host's address to the gateway's, which
            // the controller answers too (the gateway's ARP answer, then UDP 67 to the controller).
            Lab.CmdResult renew = lab.cmd("d1", "busybox udhcpc -f -t 5 -T 1 -A 1 -O mtu -i d1-eth0 -s " + script
                    + " & p=$!; sleep 3; kill -USR1 $p; sleep 3; kill $p; wait $p", Duration.ofSeconds(20));
            log.info("d1: udhcpc renewing said:\n{}", renew.output().strip());
            assertTrue(renew.output().contains("LEASE bound ip=10.0.0.11 "), renew.output());
            assertTrue(renew.output().contains("LEASE renew ip=10.0.0.11 "), "renewed: " + renew.output());
            assertReaches(lab, "d1", "10.0.0.13", "");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** A host without an address ("ip": null: Mininet configures none), with a fixed MAC. */
    private static Map<String, Object> host(String name, String mac) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", name);
        h.put("ip", null);
        h.put("mac", mac);
        return h;
    }

    /** Runs udhcpc in the host; checks the lease, the address, the default route and the MTU it applied. */
    private static void dhcp(Lab lab, Path script, String host, String ip, String gateway) {
        String intf = host + "-eth0";
        Lab.CmdResult r = lab.cmd(host, "busybox udhcpc -f -q -n -t 5 -T 1 -A 1 -O mtu -i " + intf + " -s " + script,
                Duration.ofSeconds(30));
        log.info("{}: udhcpc said:\n{}", host, r.output().strip());
        assertEquals(0, r.rc(), host + ": udhcpc got no lease: " + r.output());
        assertTrue(r.output().contains("LEASE bound ip=" + ip + " "), host + ": " + r.output());
        assertTrue(r.output().contains("router=" + gateway + " "), host + ": " + r.output());
        assertTrue(r.output().contains("mtu=1500 "), host + ": " + r.output());
        assertTrue(r.output().contains("serverid=" + gateway + " "), host + ": " + r.output());
        assertTrue(r.output().contains("dns=192.0.2.53 "), host + ": " + r.output());
        String addr = lab.cmd(host, "ip -4 -o addr show dev " + intf, Duration.ofSeconds(5)).output();
        assertTrue(addr.contains("inet " + ip + "/24"), host + ": " + addr);
        String route = lab.cmd(host, "ip -4 route show default", Duration.ofSeconds(5)).output();
        assertTrue(route.contains("default via " + gateway + " dev " + intf), host + ": " + route);
        String link = lab.cmd(host, "ip link show dev " + intf, Duration.ofSeconds(5)).output();
        assertTrue(link.contains("mtu 1500 "), host + ": " + link);
    }

    private static String subnet(SkylaneRest rest, String tenant, String vpc, String cidr) throws Exception {
        return rest.post("/v1/subnets", "{\"subnet\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc
                + "\",\"cidr\":\"" + cidr + "\",\"dns_nameservers\":[\"192.0.2.53\"]}}").at("/subnet/id").asText();
    }

    private static void port(SkylaneRest rest, Lab lab, String tenant, String vpc, String subnet, String ip, String mac,
                             String host) throws Exception {
        String[] at = attachment(lab, host);
        rest.post("/v1/ports", "{\"port\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc + "\",\"mac_address\":\""
                + mac + "\",\"fixed_ips\":[{\"subnet_id\":\"" + subnet + "\",\"ip_address\":\"" + ip + "\"}],"
                + "\"binding\":{\"dpid\":\"" + at[0] + "\",\"port\":" + at[1] + "}}}");
    }

    /** The switch (dpid) and port a host is cabled to. */
    private static String[] attachment(Lab lab, String host) {
        for (JsonNode s : lab.switches()) {
            for (JsonNode p : s.path("ports")) {
                if (host.equals(p.path("peer").asText())) {
                    return new String[] {s.path("dpid").asText(), p.path("port").asText()};
                }
            }
        }
        throw new AssertionError(host + " is cabled to no switch: " + lab.switches());
    }

    private static void assertReaches(Lab lab, String host, String ip, String options) {
        String ping = "ping -n -c 3 -i 0.2 -W 1 " + options + ip;
        Lab.CmdResult r = lab.cmd(host, ping, Duration.ofSeconds(15));
        if (!r.output().contains(" 0% packet loss")) {
            r = lab.cmd(host, ping, Duration.ofSeconds(15)); // the first packets may race the rules
        }
        assertTrue(r.output().contains(" 0% packet loss"), host + " -> " + ip + " (" + options.trim() + "): "
                + r.output());
    }
}
