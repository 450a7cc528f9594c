package io.skylane.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;

/**
 * The controller's configuration: embedded defaults, then a YAML file ({@code --config}), then
 * command-line flags. Unknown keys in the file are errors, so a typo never goes unnoticed.
 *
 * <pre>
 * openflow:
 *   address: 0.0.0.0
 *   ports: [6653]
 *   clear_tables_on_connect: false
 * api:
 *   address: 0.0.0.0
 *   port: 8181
 *   mode: development
 *   admin_token: null
 *   tls: null              # or {cert_file: server.pem, key_file: server.key}
 * intent:
 *   snapshot_every: 10000
 *   segment_min: 1
 *   segment_max: 4094
 * network:
 *   mode: fabric           # fabric | overlay
 *   encapsulation: geneve  # overlay: geneve | vxlan
 *   mtu: 1500              # fabric: the links' MTU; overlay: the underlay's
 *   tunnel_port: skylane-tun
 *   ovsdb: {listen: true, address: 0.0.0.0, port: 6640, connect: []}   # overlay only
 * forwarding:
 *   mode: path            # path | l2-learning | none
 *   proxy_arp: true
 * discovery:
 *   probe_interval_ms: 1000
 *   link_timeout_ms: 3500
 * hosts:
 *   max_hosts: 10000
 *   host_age_seconds: 300
 * data_dir: ./data
 * </pre>
 */
public record ServerConfig(
        @JsonProperty("openflow") OpenFlow openflow,
        @JsonProperty("api") Api api,
        @JsonProperty("flows") Flows flows,
        @JsonProperty("forwarding") Forwarding forwarding,
        @JsonProperty("l2_learning") Learning learning,
        @JsonProperty("discovery") Discovery discovery,
        @JsonProperty("hosts") Hosts hosts,
        @JsonProperty("intent") Intent intent,
        @JsonProperty("network") Network network,
        @JsonProperty("data_dir") Path dataDir) {

    /** The OpenFlow listener. */
    public record OpenFlow(
            @JsonProperty("address") String address,
            @JsonProperty("ports") List<Integer> ports,
            @JsonProperty("handshake_timeout_ms") long handshakeTimeoutMs,
            @JsonProperty("echo_interval_ms") long echoIntervalMs,
            @JsonProperty("read_timeout_ms") long readTimeoutMs,
            @JsonProperty("request_timeout_ms") long requestTimeoutMs,
            @JsonProperty("max_frame_length") int maxFrameLength,
            @JsonProperty("clear_tables_on_connect") boolean clearTablesOnConnect,
            @JsonProperty("io_threads") int ioThreads) {
    }

    /**
     * The REST listener and its authentication. {@code mode: development} generates an admin token
     * at start when none is configured (printed, and written to {@code <data_dir>/admin-token});
     * {@code production} refuses to start without one. The token comes from {@code admin_token} or
     * the environment variable {@code SKYLANE_ADMIN_TOKEN}.
     */
    public record Api(@JsonProperty("address") String address, @JsonProperty("port") int port,
                      @JsonProperty("mode") String mode, @JsonProperty("admin_token") String adminToken,
                      @JsonProperty("tls") Tls tls) {

        public static final String DEVELOPMENT = "development";
        public static final String PRODUCTION = "production";

        public Api withAddress(String a, int p) {
            return new Api(a, p, mode, adminToken, tls);
        }
    }

    /** HTTPS for the REST API: a PEM certificate chain and its unencrypted PKCS#8 PEM key. */
    public record Tls(@JsonProperty("cert_file") Path certFile, @JsonProperty("key_file") Path keyFile) {
    }

    /**
     * The intent store (tenants, VPCs, subnets, ports, security groups) under
     * {@code <data_dir>/intent}: a snapshot every {@code snapshot_every} commits, and the range of
     * segment ids given to VPCs.
     */
    public record Intent(@JsonProperty("snapshot_every") int snapshotEvery,
                         @JsonProperty("segment_min") int segmentMin,
                         @JsonProperty("segment_max") int segmentMax) {
    }

    /**
     * How tenant traffic crosses between switches (docs/overlay.md): {@code fabric}, every switch
     * speaks OpenFlow and the segment travels as a VLAN id (up to 4094) or an MPLS label (up to
     * 1048575); {@code overlay}, each hypervisor's bridge has a flow-based {@code encapsulation}
     * tunnel port named {@code tunnel_port} and the segment is the VNI (up to 16777215). {@code mtu}
     * is the fabric links' MTU, or the underlay's (tenants then get 50 bytes less).
     */
    public record Network(@JsonProperty("mode") NetworkMode mode,
                          @JsonProperty("encapsulation") Encapsulation encapsulation,
                          @JsonProperty("mtu") int mtu,
                          @JsonProperty("tunnel_port") String tunnelPort,
                          @JsonProperty("ovsdb") Ovsdb ovsdb) {
    }

    /**
     * Overlay mode's OVSDB management of the hypervisors: listen on {@code address}:{@code port} for
     * the hypervisors' Open vSwitch ({@code ovs-vsctl set-manager tcp:<controller>:6640}), and/or
     * connect to each of {@code connect} ({@code tcp:host:port}, {@code unix:/path}); Skylane then
     * creates each registered hypervisor's tunnel port itself.
     */
    public record Ovsdb(@JsonProperty("listen") boolean listen,
                        @JsonProperty("address") String address,
                        @JsonProperty("port") int port,
                        @JsonProperty("connect") List<String> connect) {
    }

    /** Fabric or overlay. */
    public enum NetworkMode {
        @JsonProperty("fabric") FABRIC,
        @JsonProperty("overlay") OVERLAY
    }

    /** The tunnel type of overlay mode. */
    public enum Encapsulation {
        @JsonProperty("geneve") GENEVE,
        @JsonProperty("vxlan") VXLAN
    }

    /** The flow rule service. */
    public record Flows(@JsonProperty("audit_timeout_ms") long auditTimeoutMs,
                        @JsonProperty("max_transient_per_device") int maxTransientPerDevice,
                        @JsonProperty("restart_grace_ms") long restartGraceMs) {
    }

    /** Which forwarding app runs, and the settings of path forwarding. */
    public record Forwarding(@JsonProperty("mode") ForwardingMode mode,
                             @JsonProperty("proxy_arp") boolean proxyArp,
                             @JsonProperty("priority") int priority,
                             @JsonProperty("flood_guard_ms") long floodGuardMs) {
    }

    /** The forwarding app: topology-aware path forwarding, the reactive L2 learning switch, or none. */
    public enum ForwardingMode {
        @JsonProperty("path") PATH,
        @JsonProperty("l2-learning") L2_LEARNING,
        @JsonProperty("none") NONE
    }

    /** The reactive L2 learning app, used when {@code forwarding.mode} is {@code l2-learning}. */
    public record Learning(@JsonProperty("mac_age_seconds") int macAgeSeconds,
                           @JsonProperty("max_macs_per_switch") int maxMacsPerSwitch,
                           @JsonProperty("idle_timeout_seconds") int idleTimeoutSeconds,
                           @JsonProperty("priority") int priority) {
    }

    /** LLDP link discovery: how often every port is probed, and when a silent link is dropped. */
    public record Discovery(@JsonProperty("probe_interval_ms") long probeIntervalMs,
                            @JsonProperty("link_timeout_ms") long linkTimeoutMs) {
    }

    /** Host tracking: how many hosts are kept, and how long an unseen one is. */
    public record Hosts(@JsonProperty("max_hosts") int maxHosts,
                        @JsonProperty("host_age_seconds") int hostAgeSeconds) {
    }
}
