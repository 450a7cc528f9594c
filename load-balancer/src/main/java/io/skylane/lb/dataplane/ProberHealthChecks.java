package io.skylane.lb.dataplane;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.lb.health.HealthProber;
import io.skylane.lb.health.ProbeTarget;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.pipeline.Pipeline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The members' health from a {@link HealthProber}: every placed member (admin state up) of a pool
 * whose monitor is up is probed from its VIP at its own switch; a member starts with the verdict
 * its stored operating status holds ({@code ERROR}: down), so that a restart keeps the verdicts.
 */
public final class ProberHealthChecks implements HealthChecks {

    private final HealthProber prober;
    private volatile Set<UUID> monitored = Set.of();

    private ProberHealthChecks(HealthProber prober) {
        this.prober = prober;
    }

    /**
     * A factory of health checks that send their probes with {@code sender}, keep time with
     * {@code clock} and run on {@code executor}, at most {@code probesPerSecondPerSwitch} to a switch.
     */
    public static HealthChecks.Factory factory(Consumer<OutboundPacket> sender, Clock clock,
                                               ScheduledExecutorService executor, int probesPerSecondPerSwitch) {
        checkNotNull(sender, "sender");
        return onTransition -> new ProberHealthChecks(HealthProber.builder(sender, clock, executor,
                        t -> onTransition.run())
                .probesPerSecondPerSwitch(probesPerSecondPerSwitch).build());
    }

    @Override
    public void setTargets(Collection<PlacedMember> members, LbIntent intent) {
        List<ProbeTarget> targets = new ArrayList<>();
        Map<UUID, Boolean> initial = new HashMap<>();
        for (PlacedMember m : members) {
            Optional<HealthMonitor> monitor = intent.monitor(m.pool().id()).filter(HealthMonitor::adminStateUp);
            if (monitor.isEmpty() || !m.member().adminStateUp()) {
                continue;
            }
            targets.add(ProbeTarget.of(m.member().id(), m.pool().id(), m.location().deviceId(),
                    Pipeline.routerMac(m.segment()), m.port().macAddress(), m.vip(), m.address(),
                    m.member().protocolPort(), monitor.get()));
            initial.put(m.member().id(), m.member().operatingStatus() != OperatingStatus.ERROR);
        }
        Set<UUID> ids = new java.util.HashSet<>(initial.keySet());
        prober.setTargets(targets, initial);
        monitored = Set.copyOf(ids);
    }

    @Override
    public boolean onPacket(InboundPacket packet) {
        return prober.onPacket(packet);
    }

    @Override
    public Optional<Boolean> verdict(UUID member) {
        return monitored.contains(member) ? Optional.of(prober.isUp(member)) : Optional.empty();
    }

    @Override
    public Map<String, Long> counters() {
        return prober.counters();
    }

    @Override
    public void close() {
        prober.close();
    }
}
