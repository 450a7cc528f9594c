package io.skylane.vpc.pipeline;

import io.skylane.core.flow.AppId;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.pipeline.SkylanePipeline;

/**
 * The tenant pipeline's meanings: what each table is for, the priority of each kind of rule, the
 * metadata layout and the addresses the data plane uses. The table ids, the app id and the
 * priority bands are the pipeline registry's ({@link SkylanePipeline}); every priority here is
 * checked to lie in the app's band of its table. docs/pipeline.md describes the same; keep both
 * true together.
 *
 * <pre>
 * 0 CLASSIFY   (shared with discovery and lab forwarding) tenant port -> metadata=segment, goto 1;
 *              fabric frame (link port, eth_dst in the switch-MAC range) -> goto 5
 * 1 PORT_SEC   source MAC and IP must be the port's (fixed IPs, allowed address pairs), for IPv4,
 *              ARP and DHCP; anything else is dropped
 * 2 ACL_OUT    IPv4 from a port with security groups -> ct(zone=port, table=3); other frames,
 *              and ports without port security -> goto 4
 * 3 ACL_OUT_CT established/related -> goto 4; new and allowed by an egress rule of the port's
 *              groups -> ct(commit), goto 4; anything else is dropped
 * 4 ROUTE      ARP and DHCP to the controller; per destination address of the VPC: routed (to the
 *              router MAC: TTL-1, router MAC as source) or switched; local -> goto 6, remote ->
 *              tag with the segment (VLAN), address the destination switch, goto 5; per address
 *              of another VPC that a router joins to the source's subnet ({@link Join}): routed
 *              into that VPC (its router MAC as source, its segment: metadata or tag)
 * 5 FABRIC     frame for this switch and a segment present here -> untag, metadata=segment, goto 6;
 *              frame for another switch -> towards it (next hop of the shortest path)
 * 6 DELIVER    destination address of a local port -> its MAC, goto 7
 * 7 ACL_IN     IPv4 to a port with security groups -> ct(zone=port, table=8); others -> goto 9
 * 8 ACL_IN_CT  established/related -> goto 9; new and allowed by an ingress rule -> ct(commit),
 *              goto 9; anything else is dropped
 * 9 OUTPUT     (segment, destination MAC) -> the port
 * </pre>
 *
 * Between switches a tenant frame carries its VPC's segment as an 802.1Q VLAN id and, as its
 * destination MAC, the destination switch's address ({@link #switchMac}): transit switches match
 * that address only, so their tables grow with the number of switches, never with tenant ports.
 * The egress switch restores the port's MAC from the destination IP (unique within a VPC).
 */
public final class Pipeline {

    /** The app that owns every tenant rule (cookie top 16 bits). */
    public static final AppId APP_ID = SkylanePipeline.VPC;

    public static final int CLASSIFY = SkylanePipeline.CLASSIFY.id();
    public static final int PORT_SEC = SkylanePipeline.PORT_SEC.id();
    public static final int ACL_OUT = SkylanePipeline.ACL_OUT.id();
    public static final int ACL_OUT_CT = SkylanePipeline.ACL_OUT_CT.id();
    public static final int ROUTE = SkylanePipeline.ROUTE.id();
    public static final int FABRIC = SkylanePipeline.FABRIC.id();
    public static final int DELIVER = SkylanePipeline.DELIVER.id();
    public static final int ACL_IN = SkylanePipeline.ACL_IN.id();
    public static final int ACL_IN_CT = SkylanePipeline.ACL_IN_CT.id();
    public static final int OUTPUT = SkylanePipeline.OUTPUT.id();

    /** Table 0: a tenant port's frames (above lab forwarding, below discovery's trap). */
    public static final int PRIO_CLASSIFY_PORT = SkylanePipeline.VPC_CLASSIFY.check(3100);
    /** Table 0: tagged tenant frames arriving from another switch. */
    public static final int PRIO_CLASSIFY_FABRIC = SkylanePipeline.VPC_CLASSIFY.check(3000);
    /** Table 1: DHCP from a port that has no address yet. */
    public static final int PRIO_PORT_SEC_DHCP = in(3300, PORT_SEC);
    /** Table 1: the port's own MAC and addresses. */
    public static final int PRIO_PORT_SEC_ALLOW = in(3200, PORT_SEC);
    /** Table 1: a port without port security: everything. */
    public static final int PRIO_PORT_SEC_OPEN = in(3100, PORT_SEC);
    /** Tables 2 and 7: everything when security groups are not enforced (and non-IPv4 frames). */
    public static final int PRIO_ACL_PASS = in(1, ACL_OUT, ACL_IN);
    /** Tables 2 and 7: a port without port security (no security groups): everything. */
    public static final int PRIO_ACL_OPEN = in(3100, ACL_OUT, ACL_IN);
    /** Tables 2 and 7: IPv4 of a port with security groups: into connection tracking. */
    public static final int PRIO_ACL_TRACK = in(3200, ACL_OUT, ACL_IN);
    /** Tables 3 and 8: established or related connections. */
    public static final int PRIO_ACL_ESTABLISHED = in(3400, ACL_OUT_CT, ACL_IN_CT);
    /** Tables 3 and 8: a new connection a rule allows. */
    public static final int PRIO_ACL_ALLOW = in(3300, ACL_OUT_CT, ACL_IN_CT);
    /** Table 4: ARP and DHCP to the controller. */
    public static final int PRIO_ROUTE_PUNT = in(3500, ROUTE);
    /**
     * Table 4: to the router MAC, from a subnet on a router, to a port of another VPC in a subnet on
     * the same router: routed into that VPC (above the VPC's own routes).
     */
    public static final int PRIO_ROUTE_JOINED = in(3400, ROUTE);
    /** Table 4: to the router MAC: routed between subnets. */
    public static final int PRIO_ROUTE_ROUTED = in(3300, ROUTE);
    /** Table 4: switched within the VPC. */
    public static final int PRIO_ROUTE_SWITCHED = in(3200, ROUTE);
    /** Tables 6 and 9: a local port. */
    public static final int PRIO_LOCAL = in(3200, DELIVER, OUTPUT);
    /** Table 5: a frame for this switch. */
    public static final int PRIO_FABRIC_EGRESS = in(3200, FABRIC);
    /** Table 5: a frame for another switch. */
    public static final int PRIO_FABRIC_TRANSIT = in(3100, FABRIC);

    /** Metadata bits holding the segment id. */
    public static final long SEGMENT_MASK = 0xffffffL;

    /** Switch addresses: {@code 0e:5c:02} and the low 24 bits of the datapath id. */
    public static final long SWITCH_MAC_PREFIX = 0x0e5c02000000L;
    /** Router addresses: {@code 0e:5c:01} and the segment id (one router MAC per VPC). */
    public static final long ROUTER_MAC_PREFIX = 0x0e5c01000000L;
    public static final MacAddress SWITCH_MAC_MASK = MacAddress.of(0xffffff000000L);

    private Pipeline() {
    }

    /** {@code priority}, checked to lie in the app's band of each of {@code tables}. */
    private static int in(int priority, int... tables) {
        for (int t : tables) {
            SkylanePipeline.tenant(t).check(priority);
        }
        return priority;
    }

    /** The address tenant frames for {@code device} carry across the fabric. */
    public static MacAddress switchMac(DeviceId device) {
        return MacAddress.of(SWITCH_MAC_PREFIX | (device.dpid() & 0xffffffL));
    }

    /** The first three octets of every switch address, for table 0's fabric match. */
    public static MacAddress switchMacRange() {
        return MacAddress.of(SWITCH_MAC_PREFIX);
    }

    /** The MAC of the gateways of every subnet of the VPC with this segment. */
    public static MacAddress routerMac(int segment) {
        return MacAddress.of(ROUTER_MAC_PREFIX | (segment & 0xffffffL));
    }
}
