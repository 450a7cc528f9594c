package io.skylane.core.pipeline;

import io.skylane.core.flow.AppId;
import java.util.List;

/**
 * Skylane's pipeline, declared once: every application id, every table and every app's priority
 * band per table. Apps take their ids, tables and priorities from here (a priority an app keeps as a
 * constant or reads from configuration is checked against its band); {@link #registry()} checks
 * that nothing overlaps, and the controller calls it at start. docs/pipeline.md ("Tables and
 * priority bands") mirrors this class, and a test keeps the two equal.
 *
 * <pre>
 * table 0 classify (core)   40000..40999 discovery: LLDP to the controller
 *                            3000..3999  vpc: tenant ports and fabric frames into the tenant tables
 *                            1000..2999  path-forwarding: per destination host (forwarding.priority)
 *                               1..999   l2-learning: reactive rules (l2_learning.priority)
 *                               0        core: the table-miss
 * tables 1..9 (vpc)             1..3999  the tenant pipeline (port-sec .. output)
 * tables 0, 4, 6, 8, 9      4000..4999  load-balancer: packet-outs from VIPs, VIP selection and
 *                                        hairpin, un-DNAT of replies, probes past members' groups
 * table 10 lb-slots (lb)        1..4999  load-balancer: slot -> member (DNAT)
 * any table, any priority                rest: static flows (a key another app holds is refused)
 * </pre>
 */
public final class SkylanePipeline {

    // ---- application ids (the top 16 bits of a rule's cookie) ----------------------------------

    /** The core: the table-miss entry. */
    public static final AppId CORE = AppId.CORE;
    /** Static flows set through the REST API. */
    public static final AppId REST = AppId.of(2, "rest");
    /** The reactive L2 learning switch ({@code forwarding.mode: l2-learning}). */
    public static final AppId L2_LEARNING = AppId.of(10, "l2-learning");
    /** Path forwarding ({@code forwarding.mode: path}); its id also names its group id range. */
    public static final AppId PATH_FORWARDING = AppId.of(11, "path-forwarding");
    /** LLDP link discovery. */
    public static final AppId DISCOVERY = AppId.of(20, "discovery");
    /** The tenant data plane (vpc-manager). */
    public static final AppId VPC = AppId.of(30, "vpc");
    /** The L4 load balancer (load-balancer). */
    public static final AppId LOAD_BALANCER = AppId.of(40, "load-balancer");

    // ---- tables ---------------------------------------------------------------------------------

    /** Every packet starts here: LLDP, lab forwarding, tenant classification, the table-miss. */
    public static final Table CLASSIFY = Table.of(0, "classify", CORE);
    /** Tenant: source MAC and IP must be the port's. */
    public static final Table PORT_SEC = Table.of(1, "port-sec", VPC);
    /** Tenant: security groups, egress (into connection tracking). */
    public static final Table ACL_OUT = Table.of(2, "acl-out", VPC);
    /** Tenant: security groups, egress, after connection tracking. */
    public static final Table ACL_OUT_CT = Table.of(3, "acl-out-ct", VPC);
    /** Tenant: ARP/DHCP punts, routing and switching inside the VPC (the L3 table). */
    public static final Table ROUTE = Table.of(4, "route", VPC);
    /** Tenant: frames between switches (tagged with the segment). */
    public static final Table FABRIC = Table.of(5, "fabric", VPC);
    /** Tenant: a local port's address to its MAC. */
    public static final Table DELIVER = Table.of(6, "deliver", VPC);
    /** Tenant: security groups, ingress (into connection tracking). */
    public static final Table ACL_IN = Table.of(7, "acl-in", VPC);
    /** Tenant: security groups, ingress, after connection tracking. */
    public static final Table ACL_IN_CT = Table.of(8, "acl-in-ct", VPC);
    /** Tenant: out of the port. */
    public static final Table OUTPUT = Table.of(9, "output", VPC);

    /** Load balancer: a new connection's slot (multipath hash) to its member, by DNAT. */
    public static final Table LB_SLOTS = Table.of(10, "lb-slots", LOAD_BALANCER);

    /** The tenant data plane's tables, in pipeline order. */
    public static final List<Table> TENANT_TABLES = List.of(PORT_SEC, ACL_OUT, ACL_OUT_CT, ROUTE, FABRIC, DELIVER,
            ACL_IN, ACL_IN_CT, OUTPUT);

    // ---- priority bands -------------------------------------------------------------------------

    /** Table 0: the core's table-miss (OpenFlow 1.3 switches). */
    public static final Band TABLE_MISS = Band.of(CORE, CLASSIFY, 0, 0);
    /** Table 0: the learning switch's reactive rules. */
    public static final Band L2_LEARNING_RULES = Band.of(L2_LEARNING, CLASSIFY, 1, 999);
    /** Table 0: path forwarding's rule per destination host. */
    public static final Band PATH_FORWARDING_RULES = Band.of(PATH_FORWARDING, CLASSIFY, 1000, 2999);
    /** Table 0: tenant ports and fabric frames into the tenant tables (above lab forwarding). */
    public static final Band VPC_CLASSIFY = Band.of(VPC, CLASSIFY, 3000, 3999);
    /** Table 0: LLDP to the controller, above every forwarding and tenant rule. */
    public static final Band LLDP_TRAP = Band.of(DISCOVERY, CLASSIFY, 40000, 40999);
    /** The tenant data plane's band in each of its tables (1..9); see {@link #tenant(Table)}. */
    public static final List<Band> VPC_TENANT = TENANT_TABLES.stream().map(t -> Band.of(VPC, t, 1, 3999)).toList();
    /**
     * Table 0: packets the controller sends from a VIP (health probes, refusals) into the tenant
     * tables, with the VIP's segment.
     */
    public static final Band LB_CLASSIFY = Band.of(LOAD_BALANCER, CLASSIFY, 4000, 4999);
    /**
     * Table 4 (the L3 table): the load balancer's VIP selection, hairpin and probe answers, above the
     * tenant routes.
     */
    public static final Band VIP_SELECTION = Band.of(LOAD_BALANCER, ROUTE, 4000, 4999);
    /** Table 6: replies of load-balanced connections, translated back to the VIP before delivery. */
    public static final Band LB_DELIVER = Band.of(LOAD_BALANCER, DELIVER, 4000, 4999);
    /** Table 8: health probes and hairpin connections from a VIP pass its members' ingress groups. */
    public static final Band LB_ACL_IN = Band.of(LOAD_BALANCER, ACL_IN_CT, 4000, 4999);
    /** Table 9: a hairpin connection leaves by the member's port, the one it came in by. */
    public static final Band LB_OUTPUT = Band.of(LOAD_BALANCER, OUTPUT, 4000, 4999);
    /** Table 10: the load balancer's own slot table. */
    public static final Band LB_SLOT_RULES = Band.of(LOAD_BALANCER, LB_SLOTS, 1, 4999);

    private SkylanePipeline() {
    }

    /** The tenant data plane's band in one of its tables. */
    public static Band tenant(Table table) {
        return tenant(table.id());
    }

    /** The tenant data plane's band in the table with this id (1..9). */
    public static Band tenant(int table) {
        for (Band b : VPC_TENANT) {
            if (b.table() == table) {
                return b;
            }
        }
        throw new IllegalArgumentException("table " + table + " is not a tenant table");
    }

    /**
     * The whole declaration, checked.
     *
     * @throws PipelineConflictException if two apps share an id or two apps' bands overlap in a table
     */
    public static PipelineRegistry registry() {
        PipelineRegistry.Builder b = PipelineRegistry.builder()
                .app(CORE).app(REST).app(L2_LEARNING).app(PATH_FORWARDING).app(DISCOVERY).app(VPC).app(LOAD_BALANCER)
                .table(CLASSIFY);
        TENANT_TABLES.forEach(b::table);
        b.band(LLDP_TRAP).band(VPC_CLASSIFY).band(PATH_FORWARDING_RULES).band(L2_LEARNING_RULES).band(TABLE_MISS);
        VPC_TENANT.forEach(b::band);
        b.table(LB_SLOTS);
        return b.band(LB_CLASSIFY).band(VIP_SELECTION).band(LB_DELIVER).band(LB_ACL_IN).band(LB_OUTPUT)
                .band(LB_SLOT_RULES).unbanded(REST).build();
    }
}
