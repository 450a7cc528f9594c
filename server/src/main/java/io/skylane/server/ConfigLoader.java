package io.skylane.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skylane.core.pipeline.Band;
import io.skylane.core.pipeline.SkylanePipeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the configuration: the embedded defaults ({@code skylane-defaults.yaml}), overlaid by a
 * YAML file if one is given. Unknown keys, wrong types and out-of-range values are refused with
 * a message naming the key.
 */
public final class ConfigLoader {

    private static final String DEFAULTS = "/skylane-defaults.yaml";
    /** The largest segment of each mode (io.skylane.vpc.pipeline's FabricTransport and OverlayTransport). */
    static final int FABRIC_MAX_SEGMENT = io.skylane.vpc.pipeline.FabricTransport.MAX_SEGMENT;
    static final int OVERLAY_MAX_SEGMENT = io.skylane.vpc.pipeline.OverlayTransport.MAX_SEGMENT;

    /** Keys that were removed, with what replaces them. */
    private static final Map<String, String> RENAMED = Map.of(
            "l2_learning.enabled", "the forwarding app is chosen with forwarding.mode (path, l2-learning or none)");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

    /** The embedded defaults. */
    public ServerConfig defaults() {
        return load(null);
    }

    /**
     * The defaults overlaid by {@code file} (may be null).
     *
     * @throws ConfigException if the file cannot be read or is not a valid configuration
     */
    public ServerConfig load(Path file) {
        ObjectNode tree;
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            tree = (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("embedded defaults are unreadable", e);
        }
        if (file != null) {
            JsonNode user;
            try {
                user = yaml.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new ConfigException(file + ": " + e.getMessage(), e);
            }
            if (user != null && !user.isMissingNode() && !user.isNull()) {
                if (!user.isObject()) {
                    throw new ConfigException(file + ": the configuration must be a mapping of keys");
                }
                merge(tree, (ObjectNode) user, "");
            }
        }
        try {
            return validate(yaml.treeToValue(tree, ServerConfig.class));
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new ConfigException((file == null ? "defaults" : file.toString()) + ": bad value at '" + path + "': "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(String.valueOf(file) + ": " + e.getMessage(), e);
        }
    }

    /** Overlays {@code user} onto {@code base}; refuses keys the defaults do not have. */
    private static void merge(ObjectNode base, ObjectNode user, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> it = user.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode current = base.get(e.getKey());
            if (current == null) {
                String hint = RENAMED.get(key);
                throw new ConfigException("unknown configuration key '" + key + "'" + (hint == null ? "" : ": " + hint));
            }
            if (current.isObject()) {
                if (!e.getValue().isObject()) {
                    throw new ConfigException("configuration key '" + key + "' must be a mapping");
                }
                merge((ObjectNode) current, (ObjectNode) e.getValue(), key + ".");
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** Range checks that the types alone do not express. */
    static ServerConfig validate(ServerConfig c) {
        ServerConfig.OpenFlow of = c.openflow();
        require(!of.ports().isEmpty(), "openflow.ports", "needs at least one port");
        for (int p : of.ports()) {
            require(p >= 0 && p <= 65535, "openflow.ports", "ports must be 0..65535");
        }
        require(of.handshakeTimeoutMs() > 0, "openflow.handshake_timeout_ms", "must be positive");
        require(of.echoIntervalMs() > 0, "openflow.echo_interval_ms", "must be positive");
        require(of.readTimeoutMs() > of.echoIntervalMs(), "openflow.read_timeout_ms",
                "must be longer than openflow.echo_interval_ms");
        require(of.requestTimeoutMs() > 0, "openflow.request_timeout_ms", "must be positive");
        require(of.maxFrameLength() >= 64 && of.maxFrameLength() <= 65535, "openflow.max_frame_length",
                "must be 64..65535");
        require(of.ioThreads() >= 0, "openflow.io_threads", "must be 0 (automatic) or more");
        require(c.api().port() >= 0 && c.api().port() <= 65535, "api.port", "must be 0..65535");
        require(ServerConfig.Api.DEVELOPMENT.equals(c.api().mode()) || ServerConfig.Api.PRODUCTION.equals(c.api().mode()),
                "api.mode", "must be development or production");
        require(c.api().adminToken() == null || c.api().adminToken().length() >= 16, "api.admin_token",
                "must have at least 16 characters");
        if (c.api().tls() != null) {
            ServerConfig.Tls t = c.api().tls();
            require(t.certFile() != null && java.nio.file.Files.isReadable(t.certFile()), "api.tls.cert_file",
                    "must name a readable PEM certificate file");
            require(t.keyFile() != null && java.nio.file.Files.isReadable(t.keyFile()), "api.tls.key_file",
                    "must name a readable PEM key file");
        }
        ServerConfig.Intent in = c.intent();
        require(in.snapshotEvery() >= 1, "intent.snapshot_every", "must be positive");
        require(in.segmentMin() >= 1 && in.segmentMin() <= in.segmentMax(),
                "intent.segment_min", "and intent.segment_max must satisfy 1 <= segment_min <= segment_max");
        ServerConfig.Network net = c.network();
        require(net.mode() != null, "network.mode", "must be fabric or overlay");
        require(net.encapsulation() != null, "network.encapsulation", "must be geneve or vxlan");
        require(net.mtu() >= 1280 && net.mtu() <= 65535, "network.mtu", "must be 1280..65535");
        require(net.tunnelPort() != null && net.tunnelPort().matches("[A-Za-z0-9_.-]{1,15}"), "network.tunnel_port",
                "must be an interface name of 1..15 letters, digits, '_', '.' or '-'");
        ServerConfig.Ovsdb ov = net.ovsdb();
        require(ov.port() >= 0 && ov.port() <= 65535, "network.ovsdb.port", "must be 0..65535");
        require(ov.address() != null && !ov.address().isEmpty(), "network.ovsdb.address", "must be an address");
        require(ov.connect() != null, "network.ovsdb.connect", "must be a list of targets");
        for (String t : ov.connect()) {
            require(t != null && (t.startsWith("tcp:") || t.startsWith("unix:")), "network.ovsdb.connect",
                    "targets are tcp:host:port or unix:/path, not " + t);
        }
        if (net.mode() == ServerConfig.NetworkMode.OVERLAY) {
            require(in.segmentMax() <= OVERLAY_MAX_SEGMENT, "intent.segment_max",
                    "must be at most 16777215 in overlay mode: the segment is the 24-bit VNI");
        } else {
            require(in.segmentMax() <= FABRIC_MAX_SEGMENT, "intent.segment_max",
                    "must be at most 1048575 in fabric mode: the segment is a VLAN id or a 20-bit MPLS label");
        }
        require(c.flows().auditTimeoutMs() > 0, "flows.audit_timeout_ms", "must be positive");
        require(c.flows().maxTransientPerDevice() > 0, "flows.max_transient_per_device", "must be positive");
        require(c.flows().restartGraceMs() >= 0, "flows.restart_grace_ms", "must not be negative");
        ServerConfig.Forwarding fw = c.forwarding();
        require(fw.mode() != null, "forwarding.mode", "must be path, l2-learning or none");
        Band pathBand = SkylanePipeline.PATH_FORWARDING_RULES;
        require(pathBand.contains(fw.priority()), "forwarding.priority",
                "must be " + pathBand.range() + " (path forwarding's band in table 0, docs/pipeline.md)");
        require(fw.floodGuardMs() >= 1 && fw.floodGuardMs() <= 60_000, "forwarding.flood_guard_ms", "must be 1..60000");
        ServerConfig.Learning l = c.learning();
        require(l.macAgeSeconds() > 0, "l2_learning.mac_age_seconds", "must be positive");
        require(l.maxMacsPerSwitch() > 0, "l2_learning.max_macs_per_switch", "must be positive");
        require(l.idleTimeoutSeconds() > 0 && l.idleTimeoutSeconds() <= 65535, "l2_learning.idle_timeout_seconds",
                "must be 1..65535");
        Band learningBand = SkylanePipeline.L2_LEARNING_RULES;
        require(learningBand.contains(l.priority()), "l2_learning.priority",
                "must be " + learningBand.range() + " (the learning switch's band in table 0, docs/pipeline.md)");
        ServerConfig.Discovery d = c.discovery();
        require(d.probeIntervalMs() >= 10 && d.probeIntervalMs() <= 60_000, "discovery.probe_interval_ms",
                "must be 10..60000");
        require(d.linkTimeoutMs() >= 2 * d.probeIntervalMs() && d.linkTimeoutMs() <= 600_000,
                "discovery.link_timeout_ms", "must be at least twice discovery.probe_interval_ms, and at most 600000");
        ServerConfig.Hosts h = c.hosts();
        require(h.maxHosts() > 0, "hosts.max_hosts", "must be positive");
        require(h.hostAgeSeconds() > 0, "hosts.host_age_seconds", "must be positive");
        return c;
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new ConfigException("configuration key '" + key + "' " + message);
        }
    }

    /** A configuration that cannot be used; the message names the key. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }

        public ConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
