package io.skylane.server;

import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.store.IntentStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the controller found in its data directory at start, in one line for the log: a data
 * directory from an earlier run is reused as it is, so an operator should see that it was, and
 * what it held.
 */
final class DataDirSummary {

    private DataDirSummary() {
    }

    /**
     * {@code Data directory /srv/skylane/data: intent store reused from an earlier run (commit 42):
     * 1 tenant, 2 vpcs, 0 subnets, ...}, or {@code ...: intent store is new (empty)}.
     */
    static String of(Path dataDir, IntentStore store) {
        String head = "Data directory " + dataDir.toAbsolutePath().normalize() + ": intent store ";
        if (store.lastSeq() == 0) {
            return head + "is new (empty)";
        }
        List<String> counts = new ArrayList<>();
        for (ResourceType t : ResourceType.values()) {
            int n = store.all(t).size();
            counts.add(n + " " + (n == 1 ? t.singular() : t.plural()).replace('_', ' '));
        }
        return head + "reused from an earlier run (commit " + store.lastSeq() + "): " + String.join(", ", counts);
    }
}
