package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.device.DeviceService;
import io.skylane.core.event.EventDeliveryService;
import io.skylane.core.event.ListenerRegistry;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SouthboundListener.RemovalReason;
import io.skylane.core.southbound.SwitchDisconnectedException;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the desired rules and groups of every device and makes the switches hold them (see
 * {@link FlowRuleService}).
 *
 * <p>Threading: calls come from I/O threads (transient rules, flow removals, errors, connects),
 * the event thread and REST threads. Each device's state is guarded by its own monitor; changes
 * of persistent state are serialised by one more lock so that a request spanning several devices
 * is validated whole before anything changes. Batches for one device are sent under its monitor,
 * so they reach the switch in the order the changes were made; results are handled outside it.
 */
public final class FlowRuleManager implements FlowRuleService {

    private static final Logger log = LoggerFactory.getLogger(FlowRuleManager.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Settings.
     *
     * @param auditTimeout          how long an audit waits for the switch's tables before sending
     *                              everything desired without deleting anything
     * @param maxTransientPerDevice reactive rules remembered per device; the oldest are forgotten beyond it
     * @param restartGrace          how long the entries a previous run of the controller left on a
     *                              switch, that no app wants yet at the switch's first audit since the
     *                              start, stay there for the apps to claim before they are deleted
     *                              ({@link RestartHold}), counted from the last switch that started
     *                              holding (a fabric still connecting keeps everything); zero deletes
     *                              them at the audit
     */
    public record Config(Duration auditTimeout, int maxTransientPerDevice, Duration restartGrace) {
        public Config {
            checkNotNull(auditTimeout, "auditTimeout");
            checkArgument(!auditTimeout.isNegative() && !auditTimeout.isZero(), "auditTimeout must be positive");
            checkArgument(maxTransientPerDevice > 0, "maxTransientPerDevice must be positive");
            checkNotNull(restartGrace, "restartGrace");
            checkArgument(!restartGrace.isNegative(), "restartGrace must not be negative");
        }

        /** No restart grace: an audit deletes at once whatever nobody wants. */
        public Config(Duration auditTimeout, int maxTransientPerDevice) {
            this(auditTimeout, maxTransientPerDevice, Duration.ZERO);
        }

        /** 5 s audit timeout, 4 096 transient rules per device, no restart grace. */
        public static Config defaults() {
            return new Config(Duration.ofSeconds(5), 4096);
        }
    }

    private final DeviceService devices;
    private final EventDeliveryService events;
    private final Clock clock;
    private final Config config;
    private final ListenerRegistry<FlowRuleEvent, FlowRuleListener> listeners = new ListenerRegistry<>();
    private final BatchTracker tracker;
    private final Auditor auditor;
    private final ConcurrentMap<DeviceId, DeviceFlowState> states = new ConcurrentHashMap<>();
    /** Serialises changes of persistent desired state (validation and change of every device involved). */
    private final Object updateLock = new Object();

    private final LongAdder transientsSent = new LongAdder();
    private final LongAdder transientsDropped = new LongAdder();
    private final LongAdder transientsEvicted = new LongAdder();
    private final LongAdder reinstalled = new LongAdder();
    private final LongAdder switchErrors = new LongAdder();
    private final AtomicLong lastErrorWarn = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    public FlowRuleManager(DeviceService devices, EventDeliveryService events, Clock clock, Config config) {
        this.devices = checkNotNull(devices, "devices");
        this.events = checkNotNull(events, "events");
        this.clock = checkNotNull(clock, "clock");
        this.config = checkNotNull(config, "config");
        this.tracker = new BatchTracker(events, listeners, clock);
        this.auditor = new Auditor(config, tracker, events, listeners, clock);
    }

    /** The core's table-miss rule for an OpenFlow 1.3 switch: table 0, priority 0, all to the controller. */
    public static FlowRule tableMiss(DeviceId id) {
        return DeviceFlowState.tableMiss(id);
    }

    // ---- called by the southbound (through SwitchEventRouter) --------------------------------

    /** A switch connected: its base rules become desired and its tables are audited. */
    public void deviceConnected(SwitchHandle sw) {
        DeviceFlowState s = state(sw.deviceId());
        AuditRun run;
        AuditRun replaced;
        synchronized (s) {
            replaced = s.audit;
            s.connect(sw);
            run = new AuditRun(sw, replaced, s.firstConnection() && !config.restartGrace().isZero());
            s.audit = run;
        }
        if (replaced != null) {
            replaced.result.completeExceptionally(new SwitchDisconnectedException(sw.deviceId()));
        }
        auditor.start(s, run);
    }

    /** A switch disconnected: its transient rules are forgotten, its persistent desired state kept. */
    public void deviceDisconnected(SwitchHandle sw) {
        DeviceFlowState s = states.get(sw.deviceId());
        if (s == null) {
            return;
        }
        AuditRun run;
        synchronized (s) {
            if (s.handle != sw) {
                log.debug("Ignoring disconnect of a replaced connection of {}", sw.deviceId());
                return;
            }
            s.handle = null;
            s.hold = null;
            s.transients.clear();
            run = s.audit;
            s.audit = null;
        }
        if (run != null) {
            run.takeWaiters().forEach(w -> w.future().complete(DeviceOutcome.pending(sw.deviceId())));
            run.result.completeExceptionally(new SwitchDisconnectedException(sw.deviceId()));
        }
    }

    /**
     * A switch removed a rule and said so. A transient rule is forgotten; a persistent desired rule
     * (someone deleted it) is installed again.
     */
    public void flowRemoved(SwitchHandle sw, FlowRule rule, RemovalReason reason, long packets, long bytes) {
        DeviceFlowState s = states.get(sw.deviceId());
        if (s == null) {
            return;
        }
        FlowRule known;
        Submission reinstall = null;
        synchronized (s) {
            if (s.handle != sw) {
                return;
            }
            FlowKey key = rule.key();
            known = s.transients.remove(key);
            if (known == null) {
                known = s.persistentRule(key);
                if (known != null) {
                    BatchBuilder b = new BatchBuilder();
                    b.add(known);
                    reinstall = s.submit(known.appId(), b);
                }
            }
        }
        if (known == null) {
            log.debug("Switch {} removed a rule nobody wants ({}): {}", sw.deviceId(), reason, rule);
            return;
        }
        log.debug("Switch {} removed {} ({}, {} packets, {} bytes)", sw.deviceId(), rule, reason, packets, bytes);
        events.post(FlowRuleEvent.removed(rule, clock.instant()), listeners);
        if (reinstall != null) {
            reinstalled.increment();
            log.info("Desired rule removed from switch {} ({}): installing it again: {}", sw.deviceId(), reason, known);
            tracker.track(reinstall);
        }
    }

    /** An error not answering a batch (a transient rule, a packet-out): counted and logged. */
    public void errorReceived(SwitchHandle sw, SwitchError error) {
        switchErrors.increment();
        long now = System.nanoTime();
        long last = lastErrorWarn.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastErrorWarn.compareAndSet(last, now)) {
            log.warn("Switch {} reported {} for {} ({} such errors so far; more for 10 s at DEBUG)",
                    sw.deviceId(), error, error.request(), switchErrors.sum());
        } else {
            log.debug("Switch {} reported {} for {}", sw.deviceId(), error, error.request());
        }
    }

    // ---- FlowRuleService --------------------------------------------------------------------

    @Override
    public CompletableFuture<FlowApplyResult> setDesired(AppId app, DeviceId device, Collection<FlowRule> rules,
                                                         Collection<GroupDescription> groups) {
        checkNotNull(app, "app");
        checkNotNull(device, "device");
        Map<FlowKey, FlowRule> wanted = RuleRequests.persistentRules(app, checkNotNull(rules, "rules"));
        Map<Integer, GroupDescription> wantedGroups = new LinkedHashMap<>();
        for (GroupDescription g : checkNotNull(groups, "groups")) {
            checkArgument(g.appId() == app.id(), "group belongs to another app: %s", g.groupId());
            checkArgument(g.deviceId().equals(device), "group is for another device: %s", g.groupId());
            checkArgument(wantedGroups.put(g.groupId(), g) == null, "group id given twice: %s", g.groupId());
        }
        for (FlowRule r : wanted.values()) {
            checkArgument(r.deviceId().equals(device), "rule is for another device: %s", r);
        }
        Submission sub;
        synchronized (updateLock) {
            DeviceFlowState s = state(device);
            synchronized (s) {
                s.checkOwnership(app, wanted.keySet(), wantedGroups.keySet());
                BatchBuilder b = new BatchBuilder();
                b.diffGroups(s.groupsOf(app.id()), wantedGroups);
                Map<FlowKey, FlowRule> before = s.rulesOf(app.id());
                b.diffRules(before, wanted);
                s.replaceRules(app.id(), wanted);
                s.replaceGroups(app.id(), wantedGroups);
                s.retryRefused(app.id(), b, k -> !wanted.get(k).equals(before.get(k)));
                sub = s.submit(app.id(), b);
            }
        }
        return DeviceOutcome.combine(List.of(trackRefusals(sub)));
    }

    @Override
    public CompletableFuture<FlowApplyResult> apply(AppId app, Collection<FlowRule> add, Collection<FlowRule> remove) {
        checkNotNull(app, "app");
        Map<FlowKey, FlowRule> adds = RuleRequests.persistentRules(app, checkNotNull(add, "add"));
        Map<FlowKey, FlowRule> removes = new LinkedHashMap<>();
        for (FlowRule r : checkNotNull(remove, "remove")) {
            checkArgument(r.appId() == app.id(), "rule cookie names another app: %s", r);
            checkArgument(!adds.containsKey(r.key()), "rule both added and removed: %s", r);
            removes.put(r.key(), r);
        }
        Map<DeviceId, List<FlowRule>> addsByDevice = RuleRequests.byDevice(adds.values());
        Map<DeviceId, List<FlowRule>> removesByDevice = RuleRequests.byDevice(removes.values());
        Set<DeviceId> involved = new TreeSet<>(addsByDevice.keySet());
        involved.addAll(removesByDevice.keySet());
        List<Submission> subs = new ArrayList<>();
        synchronized (updateLock) {
            for (DeviceId d : involved) {
                DeviceFlowState s = state(d);
                List<FlowKey> keys = new ArrayList<>();
                addsByDevice.getOrDefault(d, List.of()).forEach(r -> keys.add(r.key()));
                removesByDevice.getOrDefault(d, List.of()).forEach(r -> keys.add(r.key()));
                synchronized (s) {
                    s.checkOwnership(app, keys, List.of());
                }
            }
            for (DeviceId d : involved) {
                DeviceFlowState s = state(d);
                synchronized (s) {
                    BatchBuilder b = new BatchBuilder();
                    for (FlowRule r : removesByDevice.getOrDefault(d, List.of())) {
                        FlowRule old = s.removeRule(app.id(), r.key());
                        b.delete(old != null ? old : r);
                    }
                    Set<FlowKey> sent = new HashSet<>();
                    for (FlowRule r : addsByDevice.getOrDefault(d, List.of())) {
                        FlowRule old = s.putRule(r);
                        if (old == null) {
                            b.add(r);
                            sent.add(r.key());
                        } else if (!old.equals(r)) {
                            b.replace(old, r);
                            sent.add(r.key());
                        }
                    }
                    s.retryRefused(app.id(), b, sent::contains);
                    subs.add(s.submit(app.id(), b));
                }
            }
        }
        return DeviceOutcome.combine(subs.stream().map(this::trackRefusals).toList());
    }

    @Override
    public void installTransient(AppId app, FlowRule rule, OptionalInt bufferId) {
        checkNotNull(app, "app");
        checkNotNull(rule, "rule");
        checkNotNull(bufferId, "bufferId");
        checkArgument(rule.appId() == app.id(), "rule cookie names another app");
        checkArgument(rule.isTransient(), "a transient rule needs an idle or hard timeout");
        DeviceFlowState s = states.get(rule.deviceId());
        if (s == null || s.handle == null) {
            transientsDropped.increment();
            return;
        }
        FlowKey key = rule.key();
        synchronized (s) {
            SwitchHandle h = s.handle;
            if (h == null) {
                transientsDropped.increment();
                return;
            }
            checkArgument(s.transientAllowed(app.id(), key), "rule key is held by a persistent rule or another app");
            if (s.hold != null) {
                s.hold.forget(key);
            }
            int evicted = s.transients.put(key, rule);
            if (evicted > 0) {
                transientsEvicted.add(evicted);
            }
            h.sendTransientFlow(rule, bufferId);
        }
        transientsSent.increment();
    }

    @Override
    public CompletableFuture<FlowApplyResult> removeApp(AppId app) {
        checkNotNull(app, "app");
        List<Submission> subs = new ArrayList<>();
        synchronized (updateLock) {
            for (DeviceFlowState s : new TreeMap<>(states).values()) {
                synchronized (s) {
                    BatchBuilder b = new BatchBuilder();
                    s.rulesOf(app.id()).values().forEach(b::delete);
                    s.groupsOf(app.id()).values().forEach(b::deleteGroup);
                    s.forgetApp(app.id()).forEach(b::delete);
                    if (!b.isEmpty()) {
                        subs.add(s.submit(app.id(), b));
                    }
                }
            }
        }
        log.info("Removing the rules of app {} from {} devices", app.name(), subs.size());
        return DeviceOutcome.combine(subs.stream().map(tracker::track).toList());
    }

    @Override
    public List<FlowRule> desiredRules(DeviceId device) {
        DeviceFlowState s = states.get(checkNotNull(device, "device"));
        if (s == null) {
            return ImmutableList.of();
        }
        synchronized (s) {
            return s.rules();
        }
    }

    @Override
    public List<GroupDescription> desiredGroups(DeviceId device) {
        DeviceFlowState s = states.get(checkNotNull(device, "device"));
        if (s == null) {
            return ImmutableList.of();
        }
        synchronized (s) {
            return s.groups();
        }
    }

    @Override
    public CompletableFuture<List<FlowEntry>> actualRules(DeviceId device) {
        return connectedHandle(device).map(SwitchHandle::requestFlows)
                .orElseGet(() -> CompletableFuture.failedFuture(new SwitchDisconnectedException(device)));
    }

    @Override
    public CompletableFuture<List<GroupDescription>> actualGroups(DeviceId device) {
        return connectedHandle(device).map(SwitchHandle::requestGroups)
                .orElseGet(() -> CompletableFuture.failedFuture(new SwitchDisconnectedException(device)));
    }

    private Optional<SwitchHandle> connectedHandle(DeviceId device) {
        return devices.handle(checkNotNull(device, "device")).filter(SwitchHandle::isConnected);
    }

    @Override
    public CompletableFuture<AuditReport> audit(DeviceId device) {
        DeviceFlowState s = states.get(checkNotNull(device, "device"));
        if (s == null) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(device));
        }
        AuditRun run;
        synchronized (s) {
            if (s.handle == null) {
                return CompletableFuture.failedFuture(new SwitchDisconnectedException(device));
            }
            if (s.audit != null) {
                return s.audit.result;
            }
            run = new AuditRun(s.handle, null, false);
            s.audit = run;
        }
        auditor.start(s, run);
        return run.result;
    }

    @Override
    public void addListener(FlowRuleListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(FlowRuleListener listener) {
        listeners.remove(listener);
    }

    /**
     * Counters by name, for operators: reactive rules, reinstalls, errors, and the audits' totals
     * (entries kept, added, removed, held after a restart, then claimed by an app or deleted).
     */
    public Map<String, Long> counters() {
        ImmutableSortedMap.Builder<String, Long> m = ImmutableSortedMap.<String, Long>naturalOrder()
                .put("transientsSent", transientsSent.sum()).put("transientsDropped", transientsDropped.sum())
                .put("transientsEvicted", transientsEvicted.sum()).put("reinstalled", reinstalled.sum())
                .put("switchErrors", switchErrors.sum());
        auditor.counters(m);
        return m.build();
    }

    /**
     * Ends a switch's restart grace now (the timer set by its first audit does it by itself): the
     * entries no app claimed are deleted. Nothing happens if the switch holds nothing.
     */
    void endRestartGrace(DeviceId device) {
        DeviceFlowState s = states.get(device);
        if (s != null) {
            auditor.endRestartGrace(s);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Tracks a submission and remembers the rules the switch refused, so the next change retries them. */
    private CompletableFuture<DeviceOutcome> trackRefusals(Submission sub) {
        return tracker.track(sub).thenApply(outcome -> {
            if (!outcome.failures().isEmpty()) {
                DeviceFlowState s = states.get(outcome.device());
                if (s != null) {
                    synchronized (s) {
                        outcome.failures().stream().filter(f -> f.rule() != null)
                                .forEach(f -> s.markRefused(f.rule()));
                    }
                }
            }
            return outcome;
        });
    }

    private DeviceFlowState state(DeviceId id) {
        return states.computeIfAbsent(id, d -> new DeviceFlowState(d, config.maxTransientPerDevice()));
    }
}
