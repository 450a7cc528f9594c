package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleEvent;
import io.skylane.core.flow.FlowRuleManager;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.OpenFlowServer;
import io.skylane.southbound.translate.FlowModEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * A controller restart facing a fabric that already holds its rules. Each emulated switch starts
 * with the K rules of flow_service mode and (1.3) the core's table-miss entry in its table, as a
 * previous run left them. A freshly started flow rule service (core and southbound in this process,
 * as in flow_service mode, with the server's restart grace) sees the switches connect and audits
 * each one; then the rules are handed to {@code setDesired} for every switch at once, as the apps
 * do after a restart, and the run waits for the grace to end. It counts what the controller sent:
 * FLOW_MODs and flow statistics requests (the southbound's counters, and each switch's own), the
 * audits' totals, and the entries held, claimed and deleted. The outcome is OK only if no switch
 * received a FLOW_MOD and each still holds its K rules.
 */
final class FlowRestartRun extends RunBase {

    /** The server's default ({@code flows.restart_grace_ms}). */
    static final Duration GRACE = Duration.ofSeconds(10);

    FlowRestartRun(BenchConfig config, Consumer<String> progress) {
        super(config, progress);
    }

    /** The last {@link #previousRun} computed: every switch of a run shares it. */
    private static volatile Preload lastPreload;

    private record Preload(int version, int rules, int priority, List<byte[]> mods) {
    }

    /**
     * What a previous run left on a switch: its table-miss entry (1.3) and its K rules, as FLOW_MOD
     * ADDs in wire format. A FLOW_MOD does not name its switch, so every switch of a run gets the
     * same (read-only) arrays, encoded once: building them per switch before its connection would
     * hold up the handshakes of a large fleet.
     */
    static List<byte[]> previousRun(SwitchSpec spec) {
        Preload p = lastPreload;
        if (p != null && p.version() == spec.wireVersion() && p.rules() == spec.preloadRules()
                && p.priority() == spec.watchPriority()) {
            return p.mods();
        }
        DeviceId id = DeviceId.of(spec.dpid());
        OFFactory f = OFFactories.getFactory(spec.wireVersion() == Wire.OF10 ? OFVersion.OF_10 : OFVersion.OF_13);
        List<FlowRule> rules = new ArrayList<>();
        if (spec.wireVersion() == Wire.OF13) {
            rules.add(FlowRuleManager.tableMiss(id));
        }
        rules.addAll(FlowServiceRun.rules(id, spec.preloadRules(), spec.watchPriority()));
        List<byte[]> mods = new ArrayList<>(rules.size());
        ByteBuf b = Unpooled.buffer(128);
        for (FlowRule r : rules) {
            b.clear();
            FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, f, 0, OptionalInt.empty()).writeTo(b);
            byte[] mod = new byte[b.readableBytes()];
            b.readBytes(mod);
            mods.add(mod);
        }
        lastPreload = new Preload(spec.wireVersion(), spec.preloadRules(), spec.watchPriority(), List.copyOf(mods));
        return mods;
    }

    @Override
    BenchResult execute() throws InterruptedException, TimeoutException {
        Map<String, Object> s = header();
        s.put("rules", config.rules());
        Map<String, Object> sections = new LinkedHashMap<>();
        try (InProcessController controller = new InProcessController(config,
                new FlowRuleManager.Config(Duration.ofSeconds(30), 4096, GRACE))) {
            FlowRuleManager flows = controller.flows();
            Map<DeviceId, Long> audited = new ConcurrentHashMap<>();
            flows.addListener(e -> {
                if (e.type() == FlowRuleEvent.Type.AUDIT_COMPLETED) {
                    audited.put(e.subject(), System.nanoTime());
                }
            });
            controller.start();
            try {
                long t0 = System.nanoTime();
                connectAndAwaitReady();
                List<DeviceId> ids = fleet.switches().stream().map(sw -> DeviceId.of(sw.spec().dpid())).toList();
                awaitUntil(() -> audited.size() == ids.size(), "the first audit of every switch");
                long lastAudit = audited.values().stream().mapToLong(Long::longValue).max().orElse(t0);
                say(String.format(Locale.ROOT, "%d switches connected and audited in %.1f ms; setDesired: %d rules "
                        + "on each", ids.size(), millis(lastAudit - t0), config.rules()));
                List<List<FlowRule>> wanted = new ArrayList<>();
                for (DeviceId id : ids) {
                    wanted.add(FlowServiceRun.rules(id, config.rules(), config.priority()));
                }
                Phase claim = setDesiredAll(flows, ids, wanted);
                say("waiting for the restart grace (" + GRACE.toMillis() + " ms from each audit) to end");
                awaitUntil(() -> {
                    Map<String, Long> c = flows.counters();
                    return c.get("heldClaimed") + c.get("heldDeleted") == c.get("auditHeld");
                }, "the end of the restart grace");
                List<SwitchSnapshot> after = fleet.snapshot();
                return report(flows, controller.server(), after, lastAudit - t0, claim, s, sections);
            } catch (Stop e) {
                say("FAILED: " + e.getMessage());
                return result(e.outcome, e.getMessage(), s, sections);
            } // the controller is closed here, the fleet by RunBase
        }
    }

    private BenchResult report(FlowRuleManager flows, OpenFlowServer server, List<SwitchSnapshot> after,
                               long auditNanos, Phase claim, Map<String, Object> s, Map<String, Object> sections) {
        Map<String, Long> fc = flows.counters();
        Map<String, Long> sb = server.status().counters();
        long switchFlowMods = 0;
        long switchStats = 0;
        List<String> problems = new ArrayList<>(claim.failures());
        for (SwitchSnapshot a : after) {
            switchFlowMods += a.get(Metric.FLOW_MODS);
            switchStats += a.get(Metric.STATS_REQUESTS);
            if (a.get(Metric.FLOW_MODS) != 0 || a.watchedFlows() != config.rules()) {
                problems.add(String.format(Locale.ROOT, "switch %s received %d FLOW_MODs and holds %d rules at "
                        + "priority %d (expected none and %d)", a.dpidText(), a.get(Metric.FLOW_MODS),
                        a.watchedFlows(), config.priority(), config.rules()));
            }
        }
        s.put("audit_ms", millis(auditNanos));
        s.put("claim_ms", millis(claim.elapsedNanos()));
        s.put("flow_mods_sent", sb.getOrDefault("flow_mod.out", -1L));
        s.put("flow_stats_requests", sb.getOrDefault("flow_stats.requests", -1L));
        s.put("switch_flow_mods", switchFlowMods);
        s.put("switch_stats_requests", switchStats);
        s.put("audits", fc.get("audits"));
        s.put("audit_kept", fc.get("auditKept"));
        s.put("audit_added", fc.get("auditAdded"));
        s.put("audit_removed", fc.get("auditRemoved"));
        s.put("held", fc.get("auditHeld"));
        s.put("claimed", fc.get("heldClaimed"));
        s.put("deleted", fc.get("heldDeleted"));
        s.put("verified", (after.size() - problems.size()) + "/" + config.switches());
        say(String.format(Locale.ROOT, "sent %d FLOW_MODs and %d flow stats requests; held %d, claimed %d, deleted %d",
                sb.getOrDefault("flow_mod.out", -1L), sb.getOrDefault("flow_stats.requests", -1L), fc.get("auditHeld"),
                fc.get("heldClaimed"), fc.get("heldDeleted")));
        sections.put("claim_ms_per_switch", claim.perSwitchNanos().stream().map(RunBase::millis).toList());
        sections.put("southbound_counters", sb);
        sections.put("flow_counters", fc);
        sections.put("problems", problems);
        sections.put("switches", PacketInRun.switchRows(after, null, 0));
        if (!problems.isEmpty()) {
            say("VERIFICATION FAILED: " + problems.get(0));
            return result(BenchResult.Outcome.VERIFICATION_FAILED, problems.get(0), s, sections);
        }
        return result(BenchResult.Outcome.OK, "", s, sections);
    }

    /** Polls {@code condition} every 10 ms until it holds, within the run's deadline. */
    private void awaitUntil(BooleanSupplier condition, String what)
            throws Stop, InterruptedException {
        while (!condition.getAsBoolean()) {
            if (remainingMs() == 0) {
                throw new Stop(BenchResult.Outcome.DEADLINE, "the deadline passed waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
