package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.Sets;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceId;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/devices}: the switches, their ports, and their rules and groups (desired, and on
 * request what the switch actually holds); rules by table and app on request ({@link FlowFilter}).
 */
final class DeviceRoutes {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> FLOW_PARAMS = Sets.union(Set.of("actual"), FlowFilter.PARAMS).immutableCopy();

    private final DeviceService devices;
    private final FlowRuleService flows;

    DeviceRoutes(DeviceService devices, FlowRuleService flows) {
        this.devices = devices;
        this.flows = flows;
    }

    void register(Javalin app) {
        app.get("/v1/devices", this::list);
        app.get("/v1/devices/{dpid}", ctx -> {
            QueryInput.onlyParams(ctx, Set.of());
            ctx.json(DeviceJson.device(device(ctx)));
        });
        app.get("/v1/devices/{dpid}/ports", ctx -> {
            QueryInput.onlyParams(ctx, Set.of());
            ctx.json(DeviceJson.ports(device(ctx).ports().values()));
        });
        app.get("/v1/devices/{dpid}/flows", this::flows);
        app.get("/v1/devices/{dpid}/groups", this::groups);
    }

    private void list(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of());
        ArrayNode a = F.arrayNode();
        devices.devices().stream().sorted(Comparator.comparing(Device::id)).forEach(d -> a.add(DeviceJson.device(d)));
        ctx.json(a);
    }

    /** Desired rules, and with {@code actual=true} the switch's; {@code table} and {@code app} filter both. */
    private void flows(Context ctx) {
        QueryInput.onlyParams(ctx, FLOW_PARAMS);
        boolean actual = QueryInput.bool(ctx, "actual", false);
        FlowFilter filter = FlowFilter.of(ctx);
        Device d = device(ctx);
        ObjectNode n = F.objectNode();
        n.put("device", d.id().toString());
        n.set("desired", FlowJson.rules(flows.desiredRules(d.id()).stream().filter(filter::test).toList()));
        if (actual) {
            requireConnected(d);
            ctx.future(() -> flows.actualRules(d.id()).thenAccept(entries -> {
                n.set("actual", FlowJson.entries(entries.stream().filter(e -> filter.test(e.rule())).toList()));
                ctx.json(n);
            }));
        } else {
            ctx.json(n);
        }
    }

    private void groups(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of("actual"));
        boolean actual = QueryInput.bool(ctx, "actual", false);
        Device d = device(ctx);
        ObjectNode n = F.objectNode();
        n.put("device", d.id().toString());
        n.set("desired", FlowJson.groups(flows.desiredGroups(d.id())));
        if (actual) {
            requireConnected(d);
            CompletableFuture<?> f = flows.actualGroups(d.id()).thenAccept(groups -> {
                n.set("actual", FlowJson.groups(groups));
                ctx.json(n);
            });
            ctx.future(() -> f);
        } else {
            ctx.json(n);
        }
    }

    private Device device(Context ctx) {
        return device(devices, ctx);
    }

    /** The device named by the {@code dpid} path parameter: 400 if it is not a datapath id, 404 if unknown. */
    static Device device(DeviceService devices, Context ctx) {
        DeviceId id;
        try {
            id = DeviceId.parse(ctx.pathParam("dpid"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "dpid");
        }
        return devices.device(id).orElseThrow(() -> ApiException.notFound("no device " + id));
    }

    private static void requireConnected(Device d) {
        if (!d.connected()) {
            throw ApiException.conflict("device " + d.id() + " is not connected: its tables cannot be read");
        }
    }
}
