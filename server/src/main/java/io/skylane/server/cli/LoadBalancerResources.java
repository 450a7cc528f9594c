package io.skylane.server.cli;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The specs of the load-balancing resources (fields as in docs/intent-model.md, "load balancers"):
 * load balancers, listeners, pools, a pool's members (under {@code --pool}) and health monitors.
 * Enumerated values ({@code --protocol tcp}, {@code --type udp-connect}) are sent in upper case.
 */
final class LoadBalancerResources {

    private LoadBalancerResources() {
    }

    static final ResourceSpec LOAD_BALANCER = new ResourceSpec("load-balancer", "load-balancers", "load_balancer",
            "load_balancers", "L4 load balancers: a VIP in a subnet; their status tree: load-balancer status.",
            columns(Column.of("VIP", "vip_address"), Column.of("VPC", "vpc_id")),
            Resources.with(Resources.common(true),
                    FieldOption.text("--vip-subnet", "vip_subnet_id", "SUBNET_ID", "The VIP's subnet (IPv4).")
                            .requiredOnCreate(),
                    FieldOption.text("--vip-address", "vip_address", "IP",
                            "The VIP (default: allocated in the subnet).").onlyOnCreate(),
                    up(), down()),
            Resources.shortcuts("--vpc", "vpc_id", "--vip-subnet", "vip_subnet_id", "--tenant", "tenant_id"), true);

    static final ResourceSpec LISTENER = new ResourceSpec("listener", "listeners", "listener", "listeners",
            "Listeners of load balancers: a protocol and port on the VIP.",
            columns(Column.of("LOAD BALANCER", "loadbalancer_id"), Column.of("PROTOCOL", "protocol"),
                    Column.of("PORT", "protocol_port"), Column.of("DEFAULT POOL", "default_pool_id")),
            Resources.with(Resources.common(true),
                    FieldOption.text("--load-balancer", "loadbalancer_id", "LB_ID", "The listener's load balancer.")
                            .requiredOnCreate(),
                    FieldOption.upper("--protocol", "protocol", "PROTO", "TCP or UDP.").requiredOnCreate(),
                    FieldOption.integer("--port", "protocol_port", "PORT", "The VIP's port, 1..65535.")
                            .requiredOnCreate(),
                    FieldOption.text("--default-pool", "default_pool_id", "POOL_ID",
                            "Its default pool (a pool of the load balancer, same protocol)."),
                    FieldOption.constant("--no-default-pool", "default_pool_id", NullNode.instance, "No default pool."),
                    FieldOption.strings("--allowed-cidr", "allowed_cidrs", "PREFIX",
                            "Sources it admits (comma-separated, repeatable; none: any; an empty value clears them)."),
                    up(), down()),
            Resources.shortcuts("--load-balancer", "loadbalancer_id", "--tenant", "tenant_id"), true);

    static final ResourceSpec POOL = new ResourceSpec("pool", "pools", "pool", "pools",
            "Pools of load balancers; their members: member --pool.",
            columns(Column.of("LOAD BALANCER", "loadbalancer_id"), Column.of("LISTENER", "listener_id"),
                    Column.of("PROTOCOL", "protocol"), Column.of("ALGORITHM", "lb_algorithm")),
            Resources.with(Resources.common(true),
                    FieldOption.text("--load-balancer", "loadbalancer_id", "LB_ID",
                            "The pool's load balancer (or give --listener).").onlyOnCreate(),
                    FieldOption.text("--listener", "listener_id", "LISTENER_ID",
                            "The listener it is made for: it becomes its default pool.").onlyOnCreate(),
                    FieldOption.upper("--protocol", "protocol", "PROTO", "TCP or UDP (the listener's).")
                            .requiredOnCreate(),
                    FieldOption.upper("--lb-algorithm", "lb_algorithm", "ALGORITHM",
                            "SOURCE_IP_PORT (a member per connection) or SOURCE_IP (per client).").requiredToCreate(),
                    FieldOption.custom("--session-persistence", "TYPE", "SOURCE_IP.",
                            (body, v) -> body.putObject("session_persistence")
                                    .put("type", ((String) v).trim().toUpperCase(Locale.ROOT))),
                    FieldOption.constant("--no-session-persistence", "session_persistence", NullNode.instance,
                            "No session persistence."),
                    up(), down()),
            Resources.shortcuts("--load-balancer", "loadbalancer_id", "--listener", "listener_id", "--tenant", "tenant_id"),
            true);

    static final ResourceSpec MEMBER = new ResourceSpec("member", "members", "member", "members",
            "Members of a pool (every verb takes --pool).",
            columns(Column.of("ADDRESS", "address"), Column.of("PORT", "protocol_port"), Column.of("WEIGHT", "weight"),
                    Column.of("BACKUP", "backup")),
            Resources.with(Resources.common(true),
                    FieldOption.text("--address", "address", "IP", "Its address, in the load balancer's VPC.")
                            .requiredOnCreate(),
                    FieldOption.integer("--port", "protocol_port", "PORT", "Its port, 1..65535.").requiredOnCreate(),
                    FieldOption.text("--subnet", "subnet_id", "SUBNET_ID",
                            "The subnet holding the address (default: found).").onlyOnCreate(),
                    FieldOption.integer("--weight", "weight", "N", "0..256 (default 1; 0: no new connections)."),
                    FieldOption.constant("--backup", "backup", BooleanNode.TRUE, "Used only when no other member is up."),
                    FieldOption.constant("--no-backup", "backup", BooleanNode.FALSE, "Not a backup (the default)."),
                    up(), FieldOption.constant("--down", "admin_state_up", BooleanNode.FALSE,
                            "Administratively down: drained (no new connections).")),
            Resources.shortcuts("--subnet", "subnet_id", "--tenant", "tenant_id"), true, Map.of(),
            new ResourceSpec.Parent("--pool", "POOL_ID", "pools", "The member's pool."));

    static final ResourceSpec HEALTH_MONITOR = new ResourceSpec("health-monitor", "health-monitors", "healthmonitor",
            "healthmonitors", "Health monitors of pools (one per pool).",
            columns(Column.of("POOL", "pool_id"), Column.of("TYPE", "type"), Column.of("DELAY", "delay"),
                    Column.of("TIMEOUT", "timeout")),
            Resources.with(Resources.common(true),
                    FieldOption.text("--pool", "pool_id", "POOL_ID", "The pool it monitors.").requiredOnCreate(),
                    FieldOption.upper("--type", "type", "TYPE", "TCP, PING or UDP-CONNECT.").requiredOnCreate(),
                    FieldOption.integer("--delay", "delay", "SECONDS", "Between probes, 1..86400.").requiredToCreate(),
                    FieldOption.integer("--timeout", "timeout", "SECONDS", "A probe's wait, 1..86400, <= delay.")
                            .requiredToCreate(),
                    FieldOption.integer("--max-retries", "max_retries", "N", "Successes before ONLINE, 1..10.")
                            .requiredToCreate(),
                    FieldOption.integer("--max-retries-down", "max_retries_down", "N",
                            "Failures before ERROR, 1..10 (default 3)."),
                    up(), down()),
            Resources.shortcuts("--pool", "pool_id", "--tenant", "tenant_id"), true);

    static final List<ResourceSpec> ALL = List.of(LOAD_BALANCER, LISTENER, POOL, MEMBER, HEALTH_MONITOR);

    /** ID, NAME, the type's own columns, PROVISIONING, OPERATING. */
    private static List<Column> columns(Column... own) {
        List<Column> out = new ArrayList<>(List.of(Column.of("ID", "id"), Column.of("NAME", "name")));
        out.addAll(List.of(own));
        out.add(Column.of("PROVISIONING", "provisioning_status"));
        out.add(Column.of("OPERATING", "operating_status"));
        return out;
    }

    private static FieldOption up() {
        return FieldOption.constant("--up", "admin_state_up", BooleanNode.TRUE, "Administratively up (the default).");
    }

    private static FieldOption down() {
        return FieldOption.constant("--down", "admin_state_up", BooleanNode.FALSE, "Administratively down.");
    }
}
