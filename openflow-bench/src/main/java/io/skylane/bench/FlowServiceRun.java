package io.skylane.bench;

import io.skylane.core.device.DeviceManager;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleManager;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.PortNumber;
import io.skylane.core.pipeline.SkylanePipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Flow programming through the flow rule service itself, without REST: the controller's core
 * (device manager, flow rule manager) and southbound run inside the generator's process and listen
 * on {@code --controller}; the emulated switches connect to it over TCP as to any controller. Each
 * switch's K rules (the same rules as flows mode) are built first, then handed to
 * {@code FlowRuleService.setDesired} for every switch at once, and the run times from the first
 * call to the last future (which completes on the switch's barrier reply). Verified like flows
 * mode; then {@code setDesired} with no rules deletes them, timed and verified the same way.
 * {@code --warmup N} runs N unmeasured install-and-delete cycles first (the JIT's warm-up).
 */
final class FlowServiceRun extends RunBase {

    FlowServiceRun(BenchConfig config, Consumer<String> progress) {
        super(config, progress);
    }

    /** Rule i matches IPv4 destination 10.x.y.z (i + 1) and outputs to port 1, as in flows mode. */
    static List<FlowRule> rules(DeviceId device, int rules, int priority) {
        List<FlowRule> list = new ArrayList<>(rules);
        for (int i = 1; i <= rules; i++) {
            list.add(FlowRule.builder().device(device).table(0).priority(priority).app(SkylanePipeline.REST)
                    .match(Match.builder().add(Criterion.ethType(0x800))
                            .add(Criterion.ipv4Dst(Ip4Prefix.of(Ip4Address.of((10 << 24) | (i & 0xffffff)), 32)))
                            .build())
                    .apply(Action.output(PortNumber.of(1))).build());
        }
        return list;
    }

    @Override
    BenchResult execute() throws InterruptedException, TimeoutException {
        Map<String, Object> s = header();
        s.put("rules", config.rules());
        Map<String, Object> sections = new LinkedHashMap<>();
        try (InProcessController controller = new InProcessController(config, FlowRuleManager.Config.defaults())) {
            controller.start();
            DeviceManager devices = controller.devices();
            FlowRuleManager flows = controller.flows();
            try {
                connectAndAwaitReady();
                List<DeviceId> ids = fleet.switches().stream().map(sw -> DeviceId.of(sw.spec().dpid())).toList();
                awaitAudited(devices, flows, ids);
                List<List<FlowRule>> wanted = new ArrayList<>();
                for (DeviceId id : ids) {
                    wanted.add(rules(id, config.rules(), config.priority()));
                }
                List<List<FlowRule>> none = ids.stream().map(id -> List.<FlowRule>of()).toList();
                for (int w = 0; w < config.warmupSeconds(); w++) { // JIT: the measured cycle is not the first
                    List<String> warm = new ArrayList<>(setDesiredAll(flows, ids, wanted).failures());
                    warm.addAll(setDesiredAll(flows, ids, none).failures());
                    if (!warm.isEmpty()) {
                        throw new Stop(BenchResult.Outcome.VERIFICATION_FAILED, "warm-up cycle: " + warm.get(0));
                    }
                }
                List<SwitchSnapshot> before = fleet.snapshot();
                say(String.format(Locale.ROOT, "setDesired: %d rules on each of %d switches", config.rules(),
                        config.switches()));
                Phase put = setDesiredAll(flows, ids, wanted);
                List<SwitchSnapshot> installed = fleet.snapshot();
                long total = (long) config.rules() * config.switches();
                List<String> problems = afterPut(put, before, installed, total, s);

                Phase delete = setDesiredAll(flows, ids, none);
                return afterDelete(put, delete, installed, total, problems, s, sections);
            } catch (Stop e) {
                say("FAILED: " + e.getMessage());
                return result(e.outcome, e.getMessage(), s, sections);
            } // the controller is closed here, the fleet by RunBase
        }
    }

    /** Waits until the flow rule service knows every switch and has finished its first audit. */
    private void awaitAudited(DeviceManager devices, FlowRuleManager flows, List<DeviceId> ids)
            throws Stop, InterruptedException {
        for (DeviceId id : ids) {
            while (devices.handle(id).isEmpty()) {
                checkDeadline();
                Thread.sleep(5);
            }
            try {
                flows.audit(id).get(Math.max(1, remainingMs()), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new Stop(BenchResult.Outcome.CONNECTION_FAILED, "the audit of switch " + id + " failed: " + e);
            }
        }
    }
}
