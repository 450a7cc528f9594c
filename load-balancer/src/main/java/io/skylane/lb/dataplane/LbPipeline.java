package io.skylane.lb.dataplane;

import static com.google.common.base.Preconditions.checkArgument;

import io.skylane.core.flow.AppId;
import io.skylane.core.pipeline.SkylanePipeline;

/**
 * The load balancer's place in the pipeline: its priorities (each checked against its band in
 * {@link SkylanePipeline}), its conntrack zones, its metadata bits and the cookies that tell its
 * packet-ins apart. docs/pipeline.md ("Load balancer") describes the same; keep both true together.
 *
 * <pre>
 * table 0   4000  packet-out from a VIP (in_port=CONTROLLER, eth_src=router MAC) -> segment, goto 6
 * table 4   4900  a probe's answer (member -> VIP:probe port, echo reply, port unreachable) -> CONTROLLER
 *           4850  guard: to the VIP in the hairpin zone -> drop
 *           4800  hairpin reply (member:port -> VIP) -> ct(zone=HZ, nat), table 4
 *           4600  hairpin (member -> itself, after DNAT) -> ct(commit, zone=HZ, nat(src=VIP)), table 4
 *           4500  new connection to VIP:port (from an allowed source) -> multipath into the slot, goto 10;
 *                 no member up -> CONTROLLER (refused from the VIP)
 *           4450  new connection from a source the listener does not allow -> drop
 *           4400  guard: to the VIP in the LB zone (invalid, not NATed) -> drop
 *           4100  to VIP:port -> ct(zone=LBZ, nat), table 4
 * table 6   4500  a member's reply (untracked, or in its port's or the hairpin zone) -> ct(zone=LBZ, nat), table 6
 *           4500  a member's ICMP destination unreachable (untracked, or in its port's zone) -> the same: as
 *                 related, it comes from the VIP about what the client sent
 * table 8   4000  new connection from the VIP to a member's port (probes, hairpin) -> ct(commit), goto 9
 * table 9   4000  hairpin: a member's frame back out of its own port -> output:IN_PORT
 * table 10   100  (VIP, port, slot) -> ct(commit, zone=LBZ, nat(dst=member:port)), table 4
 * </pre>
 */
public final class LbPipeline {

    /** The app that owns every load-balancer rule (cookie top 16 bits). */
    public static final AppId APP_ID = SkylanePipeline.LOAD_BALANCER;

    public static final int LB_SLOTS = SkylanePipeline.LB_SLOTS.id();

    public static final int PRIO_FROM_VIP = SkylanePipeline.LB_CLASSIFY.check(4000);
    public static final int PRIO_PROBE_ANSWER = SkylanePipeline.VIP_SELECTION.check(4900);
    public static final int PRIO_HAIRPIN_GUARD = SkylanePipeline.VIP_SELECTION.check(4850);
    public static final int PRIO_HAIRPIN_REPLY = SkylanePipeline.VIP_SELECTION.check(4800);
    public static final int PRIO_HAIRPIN_SNAT = SkylanePipeline.VIP_SELECTION.check(4600);
    public static final int PRIO_SELECT = SkylanePipeline.VIP_SELECTION.check(4500);
    public static final int PRIO_NOT_ALLOWED = SkylanePipeline.VIP_SELECTION.check(4450);
    public static final int PRIO_LB_GUARD = SkylanePipeline.VIP_SELECTION.check(4400);
    public static final int PRIO_LB_LOOKUP = SkylanePipeline.VIP_SELECTION.check(4100);
    public static final int PRIO_UNDNAT = SkylanePipeline.LB_DELIVER.check(4500);
    public static final int PRIO_FROM_VIP_ALLOWED = SkylanePipeline.LB_ACL_IN.check(4000);
    public static final int PRIO_HAIRPIN_OUT = SkylanePipeline.LB_OUTPUT.check(4000);
    public static final int PRIO_SLOT = SkylanePipeline.LB_SLOT_RULES.check(100);

    /** Metadata bits 32..47: the slot the multipath hash chose. */
    public static final int SLOT_OFFSET = 32;
    public static final int SLOT_BITS = 16;
    public static final long SLOT_MASK = 0xffffL << SLOT_OFFSET;

    /** Probes leave the VIP from these source ports (65280..65535): answers to them are the controller's. */
    public static final int PROBE_PORT_MIN = 0xff00;
    public static final int PROBE_PORT_MAX = 0xffff;
    /** Hairpin connections leave the VIP from these ports: never a probe port. */
    public static final int HAIRPIN_PORT_MIN = 1024;
    public static final int HAIRPIN_PORT_MAX = PROBE_PORT_MIN - 1;

    /** Cookie low bits of the rule that sends a refused connection's first packet to the controller. */
    public static final long COOKIE_REFUSE = 1;
    /** Cookie low bits of the rules that send probe answers to the controller. */
    public static final long COOKIE_PROBE = 2;

    /** Conntrack zones 0xE000 and up are the load balancer's: security groups must stay below. */
    public static final int FIRST_LB_ZONE = 0xE000;

    private LbPipeline() {
    }

    /** The zone of a VPC's DNAT connections on a switch: {@code 0xF000 | index} ({@link LbZones}). */
    public static int lbZone(int index) {
        return 0xF000 | checkIndex(index);
    }

    /** The zone of a VPC's hairpin SNAT connections on a switch: {@code 0xE000 | index} ({@link LbZones}). */
    public static int hairpinZone(int index) {
        return 0xE000 | checkIndex(index);
    }

    private static int checkIndex(int index) {
        checkArgument(index >= LbZones.FIRST && index <= LbZones.LAST, "zone index %s out of 1..4095", index);
        return index;
    }
}
