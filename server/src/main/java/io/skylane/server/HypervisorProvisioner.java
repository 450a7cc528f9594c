package io.skylane.server;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.net.DeviceId;
import io.skylane.southbound.ovsdb.OvsdbEvent;
import io.skylane.southbound.ovsdb.OvsdbException;
import io.skylane.southbound.ovsdb.OvsdbListener;
import io.skylane.southbound.ovsdb.OvsdbManager;
import io.skylane.southbound.ovsdb.TunnelPortResult;
import io.skylane.southbound.ovsdb.TunnelType;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentListener;
import io.skylane.vpc.store.IntentStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overlay mode's hypervisor set-up over OVSDB: when a registered hypervisor's Open vSwitch is
 * connected to Skylane's OVSDB listener ({@code ovs-vsctl set-manager tcp:<controller>:6640}), its
 * bridge gets the flow-based tunnel port ({@code network.tunnel_port}, {@code remote_ip=flow,
 * key=flow, local_ip=<endpoint>}), rewritten when the endpoint changes and removed when the
 * hypervisor is deregistered. The tenant data plane then finds the port in the bridge's OpenFlow
 * port list and tunnels to it. Everything runs on one thread; a failed transaction (a concurrent
 * change, a timeout) is tried again after {@link #RETRY_SECONDS}; a port Open vSwitch refuses is
 * logged once per distinct error and tried again at the next change.
 */
final class HypervisorProvisioner implements AutoCloseable {

    static final long RETRY_SECONDS = 2;
    private static final Logger log = LoggerFactory.getLogger(HypervisorProvisioner.class);

    /** What the last attempt on a hypervisor's bridge gave, for operators. */
    record Outcome(String state, String detail) {
    }

    private final IntentStore store;
    private final OvsdbManager ovsdb;
    private final String portName;
    private final TunnelType type;
    private final ScheduledExecutorService thread;
    private final Map<DeviceId, Outcome> outcomes = new ConcurrentHashMap<>();
    private final LongAdder ensured = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder removed = new LongAdder();
    private volatile boolean running;

    private final OvsdbListener ovsdbListener = this::ovsdbEvent;
    private final IntentListener intentListener = this::intentChanged;

    HypervisorProvisioner(IntentStore store, OvsdbManager ovsdb, String portName, TunnelType type,
                          ScheduledExecutorService thread) {
        this.store = checkNotNull(store, "store");
        this.ovsdb = checkNotNull(ovsdb, "ovsdb");
        this.portName = checkNotNull(portName, "portName");
        this.type = checkNotNull(type, "type");
        this.thread = checkNotNull(thread, "thread");
    }

    void start() {
        running = true;
        ovsdb.addListener(ovsdbListener);
        store.addListener(intentListener);
        submit(() -> registered().keySet().forEach(this::reconcile));
    }

    @Override
    public void close() {
        running = false;
        store.removeListener(intentListener);
        ovsdb.removeListener(ovsdbListener);
    }

    private void ovsdbEvent(OvsdbEvent e) {
        if (e.type() == OvsdbEvent.Type.HYPERVISOR_DISCONNECTED) {
            outcomes.remove(e.subject());
            return;
        }
        submit(() -> reconcile(e.subject()));
    }

    private void intentChanged(long seq, List<Change> changes) {
        Set<DeviceId> touched = new TreeSet<>();
        Map<DeviceId, Boolean> gone = new HashMap<>();
        for (Change c : changes) {
            if (c.type() != ResourceType.HYPERVISOR) {
                continue;
            }
            if (c.before() instanceof Hypervisor b) {
                touched.add(b.deviceId());
                gone.put(b.deviceId(), c.after() == null);
            }
            if (c.after() instanceof Hypervisor a) {
                touched.add(a.deviceId());
                gone.put(a.deviceId(), false);
            }
        }
        for (DeviceId d : touched) {
            if (gone.getOrDefault(d, false)) {
                submit(() -> remove(d));
            } else {
                submit(() -> reconcile(d));
            }
        }
    }

    private void submit(Runnable r) {
        if (!running) {
            return;
        }
        try {
            thread.execute(r);
        } catch (RejectedExecutionException e) {
            log.debug("Hypervisor provisioner stopped: task dropped");
        }
    }

    private Map<DeviceId, Hypervisor> registered() {
        Map<DeviceId, Hypervisor> out = new HashMap<>();
        for (Resource r : store.all(ResourceType.HYPERVISOR)) {
            Hypervisor h = (Hypervisor) r;
            out.put(h.deviceId(), h);
        }
        return out;
    }

    /** Gives a registered, connected hypervisor's bridge its tunnel port as the intent says. */
    private void reconcile(DeviceId d) {
        if (!running) {
            return;
        }
        Hypervisor h = registered().get(d);
        if (h == null || ovsdb.hypervisor(d).isEmpty()) {
            return; // not registered, or its Open vSwitch is not connected to us (the ovs-vsctl way)
        }
        ovsdb.ensureTunnelPort(d, portName, type, h.endpointIp(), 0).whenComplete((res, ex) -> {
            if (ex != null) {
                failed.increment();
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                record(d, new Outcome("FAILED", cause.toString()), h);
                if (!(cause instanceof OvsdbException.NotConnected)) {
                    retry(d);
                }
                return;
            }
            switch (res.state()) {
                case READY -> {
                    if (res.change() != TunnelPortResult.Change.UNCHANGED) {
                        ensured.increment();
                    }
                    record(d, new Outcome("READY", "ofport " + res.ofport().getAsInt()), h);
                }
                case REFUSED -> {
                    refused.increment();
                    record(d, new Outcome("REFUSED", res.error().orElse("")), h);
                }
                case PENDING -> {
                    record(d, new Outcome("PENDING", "ovs-vswitchd has not applied it yet"), h);
                    retry(d);
                }
                default -> record(d, new Outcome(res.state().name(), ""), h);
            }
        });
    }

    private void retry(DeviceId d) {
        if (running) {
            try {
                thread.schedule(() -> reconcile(d), RETRY_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("Hypervisor provisioner stopped: retry of {} dropped", d);
            }
        }
    }

    /** A deregistered hypervisor's tunnel port is Skylane's: removed when its Open vSwitch is connected. */
    private void remove(DeviceId d) {
        outcomes.remove(d);
        if (!running || registered().containsKey(d) || ovsdb.hypervisor(d).isEmpty()) {
            return;
        }
        ovsdb.removeTunnelPort(d, portName).whenComplete((res, ex) -> {
            if (ex != null) {
                log.warn("Could not remove the tunnel port {} of deregistered hypervisor {}: {}", portName, d, ex.toString());
            } else if (res.change() == TunnelPortResult.Change.REMOVED) {
                removed.increment();
                log.info("Hypervisor {} deregistered: its tunnel port {} removed", d, portName);
            }
        });
    }

    private void record(DeviceId d, Outcome o, Hypervisor h) {
        Outcome before = outcomes.put(d, o);
        if (Objects.equals(before, o)) {
            return;
        }
        if (o.state().equals("READY")) {
            log.info("Hypervisor {} ({}): tunnel port {} ready ({}), endpoint {}", h.meta().name(), d, portName,
                    o.detail(), h.endpointIp());
        } else {
            log.warn("Hypervisor {} ({}): tunnel port {} {}: {}", h.meta().name(), d, portName, o.state(), o.detail());
        }
    }

    /** The last outcome per hypervisor bridge that is connected over OVSDB. */
    Map<DeviceId, Outcome> outcomes() {
        return Map.copyOf(outcomes);
    }

    Map<String, Long> counters() {
        return ImmutableSortedMap.of("tunnelPortsEnsured", ensured.sum(), "tunnelPortsRefused", refused.sum(),
                "tunnelPortFailures", failed.sum(), "tunnelPortsRemoved", removed.sum());
    }
}
