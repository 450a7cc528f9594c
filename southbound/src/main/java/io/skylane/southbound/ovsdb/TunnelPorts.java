package io.skylane.southbound.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.core.net.DeviceId;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import io.skylane.southbound.ovsdb.TunnelPortResult.Change;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TunnelPortPlan} on a session: one transaction, then waits until the monitor shows
 * its effect (so the result and the view agree), then until ovs-vswitchd has applied the new
 * configuration ({@code cur_cfg} reaches the transaction's {@code next_cfg}, as ovs-vsctl waits),
 * and reads the interface's ofport and error. The last wait is bounded: without ovs-vswitchd, or
 * when it is slow, the result is {@link TunnelPortResult.State#PENDING}.
 */
final class TunnelPorts {

    private static final Logger log = LoggerFactory.getLogger(TunnelPorts.class);

    private final OvsdbCounters counters;
    private final Duration viewTimeout;
    private final Duration applyTimeout;

    /**
     * @param viewTimeout  how long the monitor may take to show a committed transaction
     * @param applyTimeout how long ovs-vswitchd may take to apply it
     */
    TunnelPorts(OvsdbCounters counters, Duration viewTimeout, Duration applyTimeout) {
        this.counters = counters;
        this.viewTimeout = viewTimeout;
        this.applyTimeout = applyTimeout;
    }

    CompletableFuture<TunnelPortResult> ensure(OvsdbSession session, TunnelPortSpec spec) {
        OvsdbView view = session.view();
        TunnelPortPlan plan;
        try {
            plan = TunnelPortPlan.ensure(view, spec);
        } catch (OvsdbException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<TunnelPortResult> result;
        if (plan.change() == Change.UNCHANGED) {
            result = awaitApplied(session, spec, Change.UNCHANGED,
                    view.openVswitchUuid().isPresent() ? OptionalLong.of(view.nextCfg()) : OptionalLong.empty());
        } else {
            result = run(session, plan, "tunnel port " + spec.portName() + " on " + spec.datapathId())
                    .thenCompose(cfg -> session.awaitView(v -> inPlace(v, spec), viewTimeout)
                            .thenCompose(v -> awaitApplied(session, spec, plan.change(), cfg)));
        }
        return result.whenComplete((r, e) -> count(spec, r, e));
    }

    CompletableFuture<TunnelPortResult> remove(OvsdbSession session, DeviceId datapathId, String portName) {
        TunnelPortPlan plan;
        try {
            plan = TunnelPortPlan.remove(session.view(), datapathId, portName);
        } catch (OvsdbException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (plan.change() == Change.UNCHANGED) {
            return CompletableFuture.completedFuture(TunnelPortResult.absent(Change.UNCHANGED));
        }
        return run(session, plan, "removal of tunnel port " + portName + " from " + datapathId)
                .thenCompose(cfg -> session.awaitView(v -> v.portNamed(portName).isEmpty(), viewTimeout))
                .thenApply(v -> {
                    counters.increment(Counter.TUNNEL_PORTS_REMOVED);
                    log.info("OVSDB {}: removed tunnel port {} from {}", session.remote(), portName, datapathId);
                    return TunnelPortResult.absent(Change.REMOVED);
                });
    }

    /** Sends the plan's transaction; completes with the next_cfg it set, or fails with the first error. */
    private CompletableFuture<OptionalLong> run(OvsdbSession session, TunnelPortPlan plan, String what) {
        counters.increment(Counter.TRANSACTIONS);
        return session.transact(plan.operations()).handle((results, e) -> {
            if (e != null) {
                counters.increment(Counter.TRANSACTIONS_FAILED);
                throw e instanceof CompletionException c ? c : new CompletionException(e);
            }
            try {
                checkResults(plan, results, what);
            } catch (OvsdbException x) {
                counters.increment(Counter.TRANSACTIONS_FAILED);
                log.warn("OVSDB {}: {} failed: {}", session.remote(), what, x.getMessage());
                throw new CompletionException(x);
            }
            return plan.nextCfg(results);
        });
    }

    /**
     * Checks each operation's result (RFC 7047 §5.2): an {@code error} member fails the transaction
     * (a result past the last operation is a commit error); a mutate or update that matched no row
     * means the row went away since the view was taken.
     */
    static void checkResults(TunnelPortPlan plan, JsonNode results, String what) {
        if (!results.isArray()) {
            throw new OvsdbException.ServerError(what, "malformed reply", "transact result is not an array");
        }
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            if (r.hasNonNull("error")) {
                String op = i < plan.operations().size() ? plan.operations().get(i).path("op").asText() : "commit";
                throw new OvsdbException.ServerError(what + " (" + op + ")", r.get("error").asText(),
                        r.path("details").asText(""));
            }
        }
        if (results.size() < plan.operations().size()) {
            throw new OvsdbException.ServerError(what, "malformed reply", "fewer results than operations");
        }
        for (int i = 0; i < plan.operations().size(); i++) {
            String op = plan.operations().get(i).path("op").asText();
            if ((op.equals("mutate") || op.equals("update")) && results.get(i).path("count").asInt(-1) != 1) {
                throw new OvsdbException.Conflict(what + ": the " + plan.operations().get(i).path("table").asText()
                        + " row changed or disappeared meanwhile; nothing was changed");
            }
        }
    }

    private static boolean inPlace(OvsdbView v, TunnelPortSpec spec) {
        return interfaceIn(v, spec).map(spec::isMetBy).orElse(false);
    }

    private static Optional<OvsdbInterface> interfaceIn(OvsdbView v, TunnelPortSpec spec) {
        return v.bridge(spec.datapathId()).flatMap(b -> {
            try {
                return TunnelPortPlan.existingInterface(v, b, spec.portName());
            } catch (OvsdbException.Conflict e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Waits until ovs-vswitchd has applied configuration {@code cfg} and reads the interface. Without
     * an Open_vSwitch row there is nothing to wait for: the interface is read as it is.
     */
    private CompletableFuture<TunnelPortResult> awaitApplied(OvsdbSession session, TunnelPortSpec spec, Change change,
                                                             OptionalLong cfg) {
        if (cfg.isEmpty()) {
            return CompletableFuture.completedFuture(read(session.view(), spec, change));
        }
        long target = cfg.getAsLong();
        return session.awaitView(v -> v.curCfg() >= target, applyTimeout).handle((v, e) -> {
            if (e == null) {
                return read(v, spec, change);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                log.debug("OVSDB {}: ovs-vswitchd did not apply configuration {} within {} ms", session.remote(),
                        target, applyTimeout.toMillis());
                TunnelPortResult r = read(session.view(), spec, change);
                return r.state() == TunnelPortResult.State.REFUSED ? r : TunnelPortResult.pending(change);
            }
            throw e instanceof CompletionException c ? c : new CompletionException(e);
        });
    }

    private static TunnelPortResult read(OvsdbView v, TunnelPortSpec spec, Change change) {
        return interfaceIn(v, spec).map(i -> TunnelPortResult.of(change, i))
                .orElseGet(() -> TunnelPortResult.pending(change));
    }

    private void count(TunnelPortSpec spec, TunnelPortResult r, Throwable e) {
        if (e != null) {
            return;
        }
        if (r.change() == Change.CREATED) {
            counters.increment(Counter.TUNNEL_PORTS_CREATED);
        } else if (r.change() == Change.UPDATED) {
            counters.increment(Counter.TUNNEL_PORTS_UPDATED);
        }
        if (r.state() == TunnelPortResult.State.REFUSED) {
            counters.increment(Counter.TUNNEL_PORTS_REFUSED);
            log.warn("tunnel port {} on {}: Open vSwitch refused it: {}", spec.portName(), spec.datapathId(),
                    r.error().orElse(""));
        } else if (r.change() != Change.UNCHANGED) {
            log.info("tunnel port {} on {} {} ({} {}, local_ip {}): {}", spec.portName(), spec.datapathId(),
                    r.change().name().toLowerCase(), spec.type().ovsType(), spec.ofportRequest().isPresent()
                            ? "ofport_request " + spec.ofportRequest().getAsInt() : "no ofport_request",
                    spec.localIp(), r.ofport().isPresent() ? "ofport " + r.ofport().getAsInt() : r.state());
        }
    }
}
