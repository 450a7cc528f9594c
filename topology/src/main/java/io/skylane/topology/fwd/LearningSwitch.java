package io.skylane.topology.fwd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.concurrent.ClockTicker;
import io.skylane.core.device.DeviceEvent;
import io.skylane.core.device.DeviceListener;
import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.flow.Match;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.PacketContext;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.packet.PacketService;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.topology.PortClaims;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reactive L2 learning switch, after Ryu's {@code simple_switch_13}, with a MAC table per
 * switch that is bounded and ages out.
 *
 * <p>On a packet-in: LLDP/BDDP is dropped; the source is learned (never a group or zero address);
 * a group destination, or one not learned yet, is flooded; a destination learned on the port the
 * packet came in on is dropped; otherwise a transient rule (in_port, eth_src, eth_dst) -> output is
 * installed, and the packet goes out through the rule's buffer if the switch buffered it, else by
 * a packet-out: exactly one message answers each packet-in. A source that moved to another port
 * has this app's rules towards it removed so traffic to it is not black-holed; so does a port that
 * goes down or away. The table-miss that brings packets here is the core's.
 *
 * <p>{@link #process} runs on the switches' I/O threads, {@link #event} on the event thread.
 */
public final class LearningSwitch implements PacketProcessor, DeviceListener {

    private static final Logger log = LoggerFactory.getLogger(LearningSwitch.class);

    /** The app's identity and cookie. */
    public static final AppId APP_ID = SkylanePipeline.L2_LEARNING;

    private static final List<Action> FLOOD = List.of(Action.output(PortNumber.FLOOD));

    /**
     * Settings.
     *
     * @param macAgeSeconds      a learned address is forgotten this long after it was last seen
     * @param maxMacsPerSwitch   addresses kept per switch; the least recently used go first
     * @param idleTimeoutSeconds idle timeout of the installed rules
     * @param priority           priority of the installed rules, in the app's band
     *                           ({@link SkylanePipeline#L2_LEARNING_RULES}: above the table-miss's 0)
     */
    public record Config(int macAgeSeconds, int maxMacsPerSwitch, int idleTimeoutSeconds, int priority) {
        public Config {
            checkArgument(macAgeSeconds > 0, "macAgeSeconds must be positive");
            checkArgument(maxMacsPerSwitch > 0, "maxMacsPerSwitch must be positive");
            checkArgument(idleTimeoutSeconds > 0 && idleTimeoutSeconds <= 0xffff,
                    "idleTimeoutSeconds must be 1..65535");
            SkylanePipeline.L2_LEARNING_RULES.check(priority);
        }

        /** 300 s MAC age, 4096 MACs per switch, 30 s idle timeout, priority 10. */
        public static Config defaults() {
            return new Config(300, 4096, 30, 10);
        }
    }

    private final PacketService packets;
    private final FlowRuleService flows;
    private final DeviceService devices;
    private final PortClaims claims;
    private final ClockTicker ticker;
    private final Config config;
    private final ConcurrentMap<DeviceId, Cache<MacAddress, PortNumber>> tables = new ConcurrentHashMap<>();

    /** A learning switch for a network without tenant ports (nothing claimed). */
    public LearningSwitch(PacketService packets, FlowRuleService flows, DeviceService devices, Clock clock,
                          Config config) {
        this(packets, flows, devices, new PortClaims(), clock, config);
    }

    /**
     * @param claims the ports the tenant data plane owns: packets from them are left alone (blocked),
     *               and floods do not go out of them
     */
    public LearningSwitch(PacketService packets, FlowRuleService flows, DeviceService devices, PortClaims claims,
                          Clock clock, Config config) {
        this.claims = checkNotNull(claims, "claims");
        this.packets = checkNotNull(packets, "packets");
        this.flows = checkNotNull(flows, "flows");
        this.devices = checkNotNull(devices, "devices");
        this.ticker = ClockTicker.of(checkNotNull(clock, "clock"));
        this.config = checkNotNull(config, "config");
    }

    /** Starts handling packet-ins (as the last, forwarding, processor) and device events. */
    public void start() {
        packets.addProcessor(this, PacketProcessor.FORWARDING);
        devices.addListener(this);
        log.info("L2 learning switch started: {}", config);
    }

    /** Stops, forgets every MAC table and removes this app's rules from every switch. */
    public void stop() {
        packets.removeProcessor(this);
        devices.removeListener(this);
        tables.clear();
        flows.removeApp(APP_ID);
        log.info("L2 learning switch stopped");
    }

    // ---- packet-ins -------------------------------------------------------------------------

    @Override
    public void process(PacketContext context) {
        if (context.isHandled()) {
            return;
        }
        InboundPacket in = context.inbound();
        Ethernet eth = in.ethernet();
        if (eth.isLldp()) {
            context.block();
            return;
        }
        DeviceId device = in.deviceId();
        PortNumber inPort = in.inPort();
        if (!claims.claimed().isEmpty() && claims.isClaimed(in.receivedFrom())) {
            context.block(); // a tenant port: the tenant data plane's, never the learning switch's
            return;
        }
        MacAddress src = eth.source();
        MacAddress dst = eth.destination();
        Cache<MacAddress, PortNumber> table = tables.computeIfAbsent(device, d -> newTable());
        boolean validSource = !src.isMulticast() && !src.equals(MacAddress.ZERO);
        if (validSource) {
            learn(device, table, src, inPort);
        }
        PortNumber out = dst.isMulticast() ? null : table.getIfPresent(dst);
        if (out == null) {
            flood(context, device, inPort);
            return;
        }
        if (out.equals(inPort)) {
            log.debug("Dropping {} on {}/{}: {} is on the port it came from", eth, device, inPort, dst);
            context.block();
            return;
        }
        if (validSource) {
            flows.installTransient(APP_ID, rule(device, inPort, src, dst, out), in.bufferId());
            if (in.bufferId().isPresent()) {
                context.block();
                return;
            }
        }
        context.send(List.of(Action.output(out)));
    }

    /**
     * Floods: OFPP_FLOOD while no port is claimed (one action, the switch picks the ports); else out
     * of every enabled physical port but the ingress one and the claimed ones, so that no frame of
     * the lab network reaches a tenant's port.
     */
    private void flood(PacketContext context, DeviceId device, PortNumber inPort) {
        if (claims.claimed().isEmpty()) {
            context.send(FLOOD);
            return;
        }
        List<Action> out = new ArrayList<>();
        for (Port p : devices.ports(device)) {
            PortNumber n = p.number();
            if (n.isPhysical() && p.isEnabled() && !n.equals(inPort) && !claims.isClaimed(ConnectPoint.of(device, n))) {
                out.add(Action.output(n));
            }
        }
        if (out.isEmpty()) {
            context.block();
        } else {
            context.send(out);
        }
    }

    private void learn(DeviceId device, Cache<MacAddress, PortNumber> table, MacAddress src, PortNumber inPort) {
        PortNumber before = table.getIfPresent(src);
        table.put(src, inPort);
        if (before != null && !before.equals(inPort)) {
            log.debug("{} moved on switch {} from port {} to {}", src, device, before, inPort);
            removeRulesTowards(device, Set.of(src));
        }
    }

    private FlowRule rule(DeviceId device, PortNumber inPort, MacAddress src, MacAddress dst, PortNumber out) {
        return FlowRule.builder().device(device).table(SkylanePipeline.CLASSIFY.id()).priority(config.priority())
                .match(Match.builder().add(Criterion.inPort(inPort)).add(Criterion.ethSrc(src))
                        .add(Criterion.ethDst(dst)).build())
                .apply(Action.output(out)).app(APP_ID).idleTimeout(config.idleTimeoutSeconds()).notifyRemoval(true)
                .build();
    }

    /** Removes this app's rules on {@code device} that send to one of {@code macs}. */
    private void removeRulesTowards(DeviceId device, Collection<MacAddress> macs) {
        List<Criterion> dsts = macs.stream().map(Criterion::ethDst).toList();
        List<FlowRule> stale = flows.desiredRules(device).stream()
                .filter(r -> r.appId() == APP_ID.id())
                .filter(r -> r.match().get(Criterion.Type.ETH_DST).map(dsts::contains).orElse(false))
                .toList();
        if (stale.isEmpty()) {
            return;
        }
        flows.apply(APP_ID, List.of(), stale).whenComplete((result, ex) -> {
            if (ex != null) {
                log.debug("Removing {} stale rules from {} failed: {}", stale.size(), device, ex.toString());
            }
        });
    }

    // ---- device events ----------------------------------------------------------------------

    @Override
    public boolean isRelevant(DeviceEvent event) {
        return switch (event.type()) {
            case DEVICE_DISCONNECTED, PORT_REMOVED -> true;
            case PORT_UPDATED -> event.port().map(p -> !p.isEnabled()).orElse(false);
            default -> false;
        };
    }

    @Override
    public void event(DeviceEvent event) {
        DeviceId device = event.subject().id();
        if (event.type() == DeviceEvent.Type.DEVICE_DISCONNECTED) {
            if (tables.remove(device) != null) {
                log.debug("Forgot the MAC table of disconnected switch {}", device);
            }
        } else {
            event.port().ifPresent(p -> forgetPort(device, p));
        }
    }

    /** A port went down or away: forget the addresses learned on it and the rules towards them. */
    private void forgetPort(DeviceId device, Port port) {
        Cache<MacAddress, PortNumber> table = tables.get(device);
        if (table == null) {
            return;
        }
        Set<MacAddress> gone = table.asMap().entrySet().stream().filter(e -> e.getValue().equals(port.number()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        if (!gone.isEmpty()) {
            table.invalidateAll(gone);
            log.debug("Port {}/{} is down: forgot {} addresses", device, port.number(), gone.size());
            removeRulesTowards(device, gone);
        }
    }

    // ---- MAC tables -------------------------------------------------------------------------

    /** The addresses learned on a switch and their ports; empty for an unknown switch. */
    public Map<MacAddress, PortNumber> macTable(DeviceId device) {
        Cache<MacAddress, PortNumber> table = tables.get(checkNotNull(device, "device"));
        if (table == null) {
            return ImmutableSortedMap.of();
        }
        table.cleanUp();
        return ImmutableSortedMap.copyOf(table.asMap());
    }

    private Cache<MacAddress, PortNumber> newTable() {
        // one segment: the bound is exact and eviction is least-recently-used across the whole table
        return CacheBuilder.newBuilder().concurrencyLevel(1).maximumSize(config.maxMacsPerSwitch())
                .expireAfterWrite(config.macAgeSeconds(), TimeUnit.SECONDS).ticker(ticker).build();
    }

    @Override
    public String toString() {
        return "LearningSwitch" + config;
    }
}
