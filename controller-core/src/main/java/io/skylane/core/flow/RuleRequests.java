package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.DeviceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks and groups the rules an app hands to the flow rule service. */
final class RuleRequests {

    private RuleRequests() {
    }

    /** Checks rules an app hands in as persistent desired state; returns them by key. */
    static Map<FlowKey, FlowRule> persistentRules(AppId app, Collection<FlowRule> rules) {
        Map<FlowKey, FlowRule> byKey = new LinkedHashMap<>();
        for (FlowRule r : rules) {
            checkNotNull(r, "rule");
            checkArgument(r.appId() == app.id(), "rule cookie names another app: %s", r);
            checkArgument(!r.isTransient(), "a desired rule must not time out (use installTransient): %s", r);
            checkArgument(byKey.put(r.key(), r) == null, "rule key given twice: %s", r.key());
        }
        return byKey;
    }

    /** The rules by device, devices in order (so multi-device changes lock in a fixed order). */
    static Map<DeviceId, List<FlowRule>> byDevice(Collection<FlowRule> rules) {
        Map<DeviceId, List<FlowRule>> m = new TreeMap<>();
        rules.forEach(r -> m.computeIfAbsent(r.deviceId(), d -> new ArrayList<>()).add(r));
        return m;
    }
}
