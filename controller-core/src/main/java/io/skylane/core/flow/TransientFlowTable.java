package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reactive rules the controller installed on one switch, oldest first, bounded: beyond the
 * capacity the oldest is forgotten (the next audit deletes it from the switch if it is still
 * there). Every operation is O(1) except the per-app ones. Not thread-safe: guarded by the owning
 * {@link DeviceFlowState}'s monitor.
 */
final class TransientFlowTable {

    private final int capacity;
    private final LinkedHashMap<FlowKey, FlowRule> rules = new LinkedHashMap<>();

    TransientFlowTable(int capacity) {
        checkArgument(capacity > 0, "capacity must be positive");
        this.capacity = capacity;
    }

    /** Adds or refreshes a rule (it becomes the newest); returns how many old rules were evicted. */
    int put(FlowKey key, FlowRule rule) {
        rules.remove(key);
        rules.put(key, rule);
        int evicted = 0;
        if (rules.size() > capacity) {
            Iterator<FlowKey> oldest = rules.keySet().iterator();
            while (rules.size() > capacity) {
                oldest.next();
                oldest.remove();
                evicted++;
            }
        }
        return evicted;
    }

    FlowRule get(FlowKey key) {
        return rules.get(key);
    }

    boolean contains(FlowKey key) {
        return rules.containsKey(key);
    }

    FlowRule remove(FlowKey key) {
        return rules.remove(key);
    }

    /** Forgets and returns the rules of one app. */
    List<FlowRule> removeApp(int appId) {
        List<FlowRule> removed = new ArrayList<>();
        Iterator<Map.Entry<FlowKey, FlowRule>> it = rules.entrySet().iterator();
        while (it.hasNext()) {
            FlowRule r = it.next().getValue();
            if (r.appId() == appId) {
                removed.add(r);
                it.remove();
            }
        }
        return removed;
    }

    void clear() {
        rules.clear();
    }

    int size() {
        return rules.size();
    }

    /** The rules, oldest first. */
    ImmutableList<FlowRule> rules() {
        return ImmutableList.copyOf(rules.values());
    }
}
