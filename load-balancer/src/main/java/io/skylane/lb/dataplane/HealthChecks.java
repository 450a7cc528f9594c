package io.skylane.lb.dataplane;

import io.skylane.core.packet.InboundPacket;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The members' health as the load balancer's data plane uses it: told which members to probe
 * (after every recompute), handed the packet-ins its probe-answer rules send, asked for verdicts.
 * Implementations are thread-safe: packet-ins arrive on I/O threads.
 */
public interface HealthChecks extends AutoCloseable {

    /** Makes the health checks of a data plane; {@code onTransition} runs when a verdict changes. */
    @FunctionalInterface
    interface Factory {
        HealthChecks create(Runnable onTransition);
    }

    /** No monitoring: every member is up. */
    HealthChecks NONE = new HealthChecks() {
        @Override
        public void setTargets(Collection<PlacedMember> members, LbIntent intent) {
        }

        @Override
        public boolean onPacket(InboundPacket packet) {
            return false;
        }

        @Override
        public Optional<Boolean> verdict(UUID member) {
            return Optional.empty();
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    };

    /** The members to probe: every placed member whose pool has a monitor (admin state up). */
    void setTargets(Collection<PlacedMember> members, LbIntent intent);

    /** A packet-in of a probe-answer rule; true if it answered an outstanding probe. */
    boolean onPacket(InboundPacket packet);

    /** The monitor's verdict on a member (true: up); empty if it is not monitored. */
    Optional<Boolean> verdict(UUID member);

    /** Counters by name (probes sent, answers, timeouts, transitions ...). */
    Map<String, Long> counters();

    @Override
    void close();
}
