package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks on what the switches really hold (ovs-ofctl dump-flows), not what the controller says. */
public final class FlowTables {

    private FlowTables() {
    }

    /**
     * Waits (the audit after a reconnect or restart runs asynchronously) until no switch holds
     * two entries with the same table, priority and match, nor an entry whose cookie is not
     * Skylane's (top 16 bits zero); fails with the offending entries after settle.
     */
    public static void assertOnlySkylaneRules(Lab lab, List<String> switches, Duration settle)
            throws InterruptedException {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            List<String> problems = new ArrayList<>();
            for (String sw : switches) {
                problems.addAll(problems(sw, lab.dumpFlows(sw)));
            }
            if (problems.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                List<String> shown = problems.subList(0, Math.min(problems.size(), 15));
                fail(problems.size() + " stale or duplicate rules after " + settle.toSeconds() + " s, e.g.:\n  "
                        + String.join("\n  ", shown));
            }
            Thread.sleep(500);
        }
    }

    static List<String> problems(String sw, List<Lab.Flow> flows) {
        List<String> problems = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Lab.Flow f : flows) {
            if (!keys.add(f.key())) {
                problems.add(sw + " duplicate: " + f.raw());
            }
            if (f.appId() == 0) {
                problems.add(sw + " not Skylane's (cookie " + Long.toHexString(f.cookie()) + "): " + f.raw());
            }
        }
        return problems;
    }
}
