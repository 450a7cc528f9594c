package io.skylane.core.flow;

import com.google.common.collect.ImmutableList;
import io.skylane.core.flow.FlowApplyResult.RuleFailure;
import io.skylane.core.net.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What happened to one request's part on one device.
 *
 * @param device    the switch
 * @param confirmed true if a barrier confirmed it (or nothing had to be sent), false if pending
 * @param failures  the operations the switch refused
 */
record DeviceOutcome(DeviceId device, boolean confirmed, List<RuleFailure> failures) {

    DeviceOutcome {
        failures = ImmutableList.copyOf(failures);
    }

    static DeviceOutcome pending(DeviceId device) {
        return new DeviceOutcome(device, false, List.of());
    }

    static DeviceOutcome confirmed(DeviceId device, List<RuleFailure> failures) {
        return new DeviceOutcome(device, true, failures);
    }

    /** The same outcome with only the failures of one app's rules and groups. */
    DeviceOutcome forApp(int appId) {
        List<RuleFailure> mine = new ArrayList<>();
        for (RuleFailure f : failures) {
            int owner = f.rule() != null ? f.rule().appId() : f.group().appId();
            if (owner == appId) {
                mine.add(f);
            }
        }
        return new DeviceOutcome(device, confirmed, mine);
    }

    /** Combines per-device outcomes into the result of a request, when all are known. */
    static CompletableFuture<FlowApplyResult> combine(List<CompletableFuture<DeviceOutcome>> parts) {
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<DeviceId> confirmed = new ArrayList<>();
            List<DeviceId> pending = new ArrayList<>();
            List<RuleFailure> failures = new ArrayList<>();
            for (CompletableFuture<DeviceOutcome> f : parts) {
                DeviceOutcome o = f.join();
                (o.confirmed() ? confirmed : pending).add(o.device());
                failures.addAll(o.failures());
            }
            return new FlowApplyResult(confirmed, pending, failures);
        });
    }
}
