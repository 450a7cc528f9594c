package io.skylane.northbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowApplyResult.RuleFailure;
import io.skylane.core.flow.FlowKey;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.net.Device;
import io.skylane.core.southbound.SwitchError;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT, POST, DELETE /v1/devices/{dpid}/flows}: rules set on a switch directly, by operators
 * and by the benchmark's flow-programming mode. They belong to the app {@link RestServer#STATIC_FLOWS_APP}
 * and are desired state like any app's rules: kept while the switch is away, installed when it
 * connects, put back by an audit. A request is read and checked whole ({@link FlowRuleParser})
 * before anything changes; the answer waits for the switch's barrier.
 */
final class StaticFlowRoutes {

    private static final Logger log = LoggerFactory.getLogger(StaticFlowRoutes.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String PATH = "/v1/devices/{dpid}/flows";
    private static final AppId APP = RestServer.STATIC_FLOWS_APP;

    private final DeviceService devices;
    private final FlowRuleService flows;
    private final long maxBodyBytes;

    StaticFlowRoutes(DeviceService devices, FlowRuleService flows, long maxBodyBytes) {
        this.devices = devices;
        this.flows = flows;
        this.maxBodyBytes = maxBodyBytes;
    }

    void register(Javalin app) {
        app.put(PATH, this::replace);
        app.post(PATH, this::add);
        app.delete(PATH, this::removeAll);
    }

    /** PUT: the static rules of the device become exactly the given list. */
    private void replace(Context ctx) {
        Device d = DeviceRoutes.device(devices, ctx);
        noQuery(ctx);
        List<FlowRule> rules = rules(d, ctx);
        CompletableFuture<FlowApplyResult> f = change(d, rules, () -> flows.setDesired(APP, d.id(), rules, List.of()));
        ctx.future(() -> f.thenAccept(r -> answer(ctx, d, "set", rules, r)));
    }

    /** POST: the given rules are added, replacing static rules with the same key. */
    private void add(Context ctx) {
        Device d = DeviceRoutes.device(devices, ctx);
        noQuery(ctx);
        List<FlowRule> rules = rules(d, ctx);
        CompletableFuture<FlowApplyResult> f = change(d, rules, () -> flows.apply(APP, rules, List.of()));
        ctx.future(() -> f.thenAccept(r -> answer(ctx, d, "added", rules, r)));
    }

    /** DELETE: every static rule of the device goes. */
    private void removeAll(Context ctx) {
        Device d = DeviceRoutes.device(devices, ctx);
        noQuery(ctx);
        CompletableFuture<FlowApplyResult> f = change(d, List.of(), () -> flows.setDesired(APP, d.id(), List.of(),
                List.of()));
        ctx.future(() -> f.thenAccept(r -> {
            if (!r.isSuccess()) {
                RuleFailure first = r.failures().get(0);
                throw new ApiException(409, "switch_refused", describe(first.error()) + " deleting " + first.rule()
                        + "; the rule is no longer desired and the next audit of the switch deletes it", null);
            }
            log.info("Static flows of {}: all removed ({})", d.id(), r.confirmed().isEmpty() ? "pending" : "confirmed");
            ctx.status(204);
        }));
    }

    /** The request's rules for the device, read and checked whole ({@link FlowRequestReader}). */
    private List<FlowRule> rules(Device d, Context ctx) {
        byte[] body = JsonBodies.bytes(ctx, maxBodyBytes, "{\"flows\": [...]}", "split the rules over several POSTs");
        return new FlowRequestReader(new FlowRuleParser(d.id(), d.version(), APP)).read(body);
    }

    /** 409 naming the first rule whose key another app holds on the device, if one does. */
    private void checkOwnership(Device d, List<FlowRule> rules) {
        Map<FlowKey, FlowRule> others = new HashMap<>();
        for (FlowRule r : flows.desiredRules(d.id())) {
            if (r.appId() != APP.id()) {
                others.put(r.key(), r);
            }
        }
        if (others.isEmpty()) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            FlowRule other = others.get(rules.get(i).key());
            if (other != null) {
                String field = "flows[" + i + "]";
                throw new ApiException(409, "conflict", field + ": app " + other.appId()
                        + " already has a rule with this table, priority and match on " + d.id(), field);
            }
        }
    }

    /**
     * Submits a change. The service refuses it whole, changing nothing, if one of the rules has a
     * key another app holds: then the 409 names the first such rule ({@code flows[i]}), found only
     * then, so that an accepted request does not copy the device's desired rules to look for it.
     */
    private CompletableFuture<FlowApplyResult> change(Device d, List<FlowRule> rules,
                                                      Supplier<CompletableFuture<FlowApplyResult>> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            checkOwnership(d, rules);
            throw ApiException.conflict(e.getMessage());
        }
    }

    private static void answer(Context ctx, Device d, String verb, List<FlowRule> rules, FlowApplyResult r) {
        if (!r.isSuccess()) {
            throw refused(rules, r.failures());
        }
        boolean confirmed = r.confirmed().contains(d.id());
        String status = confirmed ? "confirmed" : "pending";
        log.info("Static flows of {}: {} rules {} ({})", d.id(), rules.size(), verb, status);
        ObjectNode n = F.objectNode();
        n.put("device", d.id().toString());
        n.put("rules", rules.size());
        n.put("status", status);
        ctx.status(confirmed ? 201 : 202).json(n);
    }

    /** 409 naming the first refused rule of the request (by index). */
    private static ApiException refused(List<FlowRule> rules, List<RuleFailure> failures) {
        Map<FlowKey, Integer> index = new HashMap<>(rules.size() * 2);
        for (int i = 0; i < rules.size(); i++) {
            index.put(rules.get(i).key(), i);
        }
        RuleFailure first = null;
        int firstIndex = Integer.MAX_VALUE;
        for (RuleFailure f : failures) {
            Integer i = f.rule() == null ? null : index.get(f.rule().key());
            if (first == null || (i != null && i < firstIndex)) {
                first = f;
                firstIndex = i == null ? Integer.MAX_VALUE : i;
            }
        }
        String more = failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : "";
        String kept = "; the rules stay desired and the controller retries them at the switch's next audit"
                + " (when it reconnects)";
        if (firstIndex == Integer.MAX_VALUE) {
            String what = first.rule() != null ? "deleting " + first.rule() : "group " + first.group().groupId();
            return new ApiException(409, "switch_refused", describe(first.error()) + " " + what + more + kept, null);
        }
        String field = "flows[" + firstIndex + "]";
        return new ApiException(409, "switch_refused", describe(first.error()) + " for " + field + more + kept, field);
    }

    private static String describe(SwitchError e) {
        return e.type() + "/" + e.code();
    }

    /** This endpoint takes no filters: refusing them keeps a filtered DELETE from removing everything. */
    private static void noQuery(Context ctx) {
        QueryInput.noParams(ctx, "the request applies to every static rule of the device");
    }
}
