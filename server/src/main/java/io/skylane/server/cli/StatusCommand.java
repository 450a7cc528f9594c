package io.skylane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code load-balancer status ID}: the status tree ({@code GET /v1/load-balancers/ID/status}), one
 * row per resource, indented under its parent: the load balancer, its listeners, their pools, each
 * pool's monitor and members.
 */
@Command(name = "status", sortOptions = false,
        description = "Show the status tree of one: its listeners, their pools, their monitor and members.")
final class StatusCommand extends ClientCommand {

    private static final List<String> HEADERS = List.of("RESOURCE", "ID", "NAME", "DETAIL", "PROVISIONING", "OPERATING");

    @Parameters(index = "0", paramLabel = "ID", description = "The load balancer's id.")
    String id;

    StatusCommand(CliEnv env) {
        super(env);
    }

    @Override
    void run(ApiClient api, Printer out) throws ApiError, Unreachable {
        out.table(api.get(LoadBalancerResources.LOAD_BALANCER.item(id) + "/status"), HEADERS, StatusCommand::rows);
    }

    /** The rows of the answer {@code {"statuses": {"loadbalancer": {...}}}}. */
    static List<List<String>> rows(JsonNode answer) {
        List<List<String>> rows = new ArrayList<>();
        JsonNode lb = answer.path("statuses").path("loadbalancer");
        rows.add(row("load balancer", lb, "-"));
        for (JsonNode listener : lb.path("listeners")) {
            rows.add(row("  listener", listener, "-"));
            for (JsonNode pool : listener.path("pools")) {
                rows.add(row("    pool", pool, "-"));
                JsonNode monitor = pool.path("health_monitor");
                if (monitor.isObject()) {
                    rows.add(row("      health monitor", monitor, Values.field(monitor, "type")));
                }
                for (JsonNode member : pool.path("members")) {
                    rows.add(row("      member", member,
                            Values.field(member, "address") + ":" + Values.field(member, "protocol_port")));
                }
            }
        }
        return rows;
    }

    private static List<String> row(String kind, JsonNode o, String detail) {
        return List.of(kind, Values.field(o, "id"), o.has("name") ? Values.field(o, "name") : "-", detail,
                Values.field(o, "provisioning_status"), Values.field(o, "operating_status"));
    }
}
