package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig c = loader.defaults();
        assertEquals(List.of(6653), c.openflow().ports());
        assertEquals("0.0.0.0", c.openflow().address());
        assertEquals(8181, c.api().port());
        assertFalse(c.openflow().clearTablesOnConnect());
        assertEquals(new ServerConfig.Forwarding(ServerConfig.ForwardingMode.PATH, true, 1000, 1000), c.forwarding());
        assertEquals(Path.of("./data"), c.dataDir());
        assertEquals(new ServerConfig.Discovery(1000, 3500), c.discovery());
        assertEquals(new ServerConfig.Hosts(10_000, 300), c.hosts());
    }

    @Test
    void discoveryAndHostSettingsOverlay() throws IOException {
        ServerConfig c = loader.load(write("""
                discovery:
                  probe_interval_ms: 500
                hosts:
                  host_age_seconds: 60
                """));
        assertEquals(new ServerConfig.Discovery(500, 3500), c.discovery());
        assertEquals(new ServerConfig.Hosts(10_000, 60), c.hosts());
    }

    @Test
    void discoveryAndHostSettingsAreChecked() throws IOException {
        assertRefused("discovery:\n  probe_interval_ms: 5\n", "discovery.probe_interval_ms");
        assertRefused("discovery:\n  probe_interval_ms: 2000\n", "discovery.link_timeout_ms");
        assertRefused("discovery:\n  link_timeout_ms: 1999\n  probe_interval_ms: 1000\n",
                "discovery.link_timeout_ms");
        assertRefused("discovery:\n  probe_intervall_ms: 1000\n", "discovery.probe_intervall_ms");
        assertRefused("hosts:\n  max_hosts: 0\n", "hosts.max_hosts");
        assertRefused("hosts:\n  host_age_seconds: -1\n", "hosts.host_age_seconds");
        assertRefused("hosts:\n  max_hosts: many\n", "hosts.max_hosts");
    }

    @Test
    void theForwardingModeAndPathSettingsOverlay() throws IOException {
        ServerConfig c = loader.load(write("""
                forwarding:
                  mode: l2-learning
                l2_learning:
                  priority: 20
                """));
        assertEquals(ServerConfig.ForwardingMode.L2_LEARNING, c.forwarding().mode());
        assertTrue(c.forwarding().proxyArp(), "kept from the defaults");
        assertEquals(20, c.learning().priority());

        c = loader.load(write("""
                forwarding:
                  proxy_arp: false
                  priority: 2000
                  flood_guard_ms: 250
                """));
        assertEquals(new ServerConfig.Forwarding(ServerConfig.ForwardingMode.PATH, false, 2000, 250), c.forwarding());
        assertEquals(ServerConfig.ForwardingMode.NONE,
                loader.load(write("forwarding:\n  mode: none\n")).forwarding().mode());
    }

    @Test
    void forwardingSettingsAreChecked() throws IOException {
        assertRefused("forwarding:\n  mode: learning\n", "forwarding.mode");
        assertRefused("forwarding:\n  mode: PATH\n", "forwarding.mode");
        assertRefused("forwarding:\n  mode: 1\n", "forwarding.mode");
        assertRefused("forwarding:\n  mode: null\n", "forwarding.mode");
        assertRefused("forwarding:\n  proxy_arp: maybe\n", "forwarding.proxy_arp");
        assertRefused("forwarding:\n  priority: 0\n", "forwarding.priority");
        assertRefused("forwarding:\n  priority: 40000\n", "forwarding.priority");
        assertRefused("forwarding:\n  priority: 999\n", "forwarding.priority"); // the learning switch's band
        assertRefused("forwarding:\n  priority: 3000\n", "forwarding.priority"); // the tenant data plane's band
        assertRefused("l2_learning:\n  priority: 0\n", "l2_learning.priority");
        assertRefused("l2_learning:\n  priority: 1000\n", "l2_learning.priority");
        assertRefused("forwarding:\n  flood_guard_ms: 0\n", "forwarding.flood_guard_ms");
        assertRefused("forwarding:\n  proxyarp: true\n", "forwarding.proxyarp");
    }

    @Test
    void theOldLearningSwitchToggleSaysWhatReplacedIt() throws IOException {
        Path f = write("l2_learning:\n  enabled: false\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("l2_learning.enabled") && e.getMessage().contains("forwarding.mode"),
                e.getMessage());
    }

    private void assertRefused(String yaml, String key) throws IOException {
        Path f = write(yaml);
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void aFileOverlaysOnlyTheKeysItHas() throws IOException {
        ServerConfig c = loader.load(write("""
                openflow:
                  ports: [6653, 6633]
                  clear_tables_on_connect: true
                api:
                  port: 9090
                """));
        assertEquals(List.of(6653, 6633), c.openflow().ports());
        assertTrue(c.openflow().clearTablesOnConnect());
        assertEquals(9090, c.api().port());
        assertEquals("0.0.0.0", c.api().address(), "kept from the defaults");
        assertEquals(10000, c.openflow().handshakeTimeoutMs(), "kept from the defaults");
    }

    @Test
    void anEmptyFileMeansDefaults() throws IOException {
        assertEquals(loader.defaults(), loader.load(write("")));
    }

    @Test
    void unknownKeysAreNamed() throws IOException {
        Path f = write("openflow:\n  prots: [1]\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("openflow.prots"), e.getMessage());
    }

    @Test
    void wrongTypesAreNamed() throws IOException {
        Path f = write("api:\n  port: eighty\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("api.port"), e.getMessage());
    }

    @Test
    void aScalarWhereAMappingBelongsIsRefused() throws IOException {
        Path f = write("openflow: 6653\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("'openflow' must be a mapping"), e.getMessage());
    }

    @Test
    void outOfRangeValuesAreNamed() throws IOException {
        Path f = write("openflow:\n  ports: [70000]\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("openflow.ports"), e.getMessage());

        Path g = write("openflow:\n  echo_interval_ms: 20000\n");
        e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(g));
        assertTrue(e.getMessage().contains("openflow.read_timeout_ms"), e.getMessage());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path f = dir.resolve("nope.yaml");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f));
        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
    }

    @Test
    void flagsWinOverTheFile() throws IOException {
        SkylaneCommand.Run run = new SkylaneCommand.Run();
        new CommandLine(run).parseArgs("--openflow-port", "7000,7001", "--api-port", "0", "--data-dir", "/tmp/x",
                "--clear-tables-on-connect");
        ServerConfig c = SkylaneCommand.Flags.apply(loader.load(write("api:\n  port: 9090\n")), run);
        assertEquals(List.of(7000, 7001), c.openflow().ports());
        assertEquals(0, c.api().port());
        assertEquals(Path.of("/tmp/x"), c.dataDir());
        assertTrue(c.openflow().clearTablesOnConnect());
    }

    @Test
    void apiAndIntentKeysAreChecked() throws IOException {
        for (String[] bad : new String[][] {
                {"api:\n  mode: staging\n", "api.mode"},
                {"api:\n  admin_token: short\n", "api.admin_token"},
                {"api:\n  tls:\n    cert_file: /nonexistent.pem\n    key_file: /nonexistent.key\n", "api.tls.cert_file"},
                {"intent:\n  snapshot_every: 0\n", "intent.snapshot_every"},
                {"intent:\n  segment_min: 10\n  segment_max: 5\n", "intent.segment_min"},
                {"intent:\n  segment_max: 1048576\n", "intent.segment_max"},
                {"network:\n  mode: overlay\nintent:\n  segment_max: 16777216\n", "intent.segment_max"},
                {"network:\n  mode: underlay\n", "network.mode"},
                {"network:\n  encapsulation: gre\n", "network.encapsulation"},
                {"network:\n  mtu: 1000\n", "network.mtu"},
                {"network:\n  tunnel_port: a-name-that-is-too-long\n", "network.tunnel_port"},
                {"network:\n  ovsdb:\n    port: 70000\n", "network.ovsdb.port"},
                {"network:\n  ovsdb:\n    connect: [ssl:1.2.3.4:6640]\n", "network.ovsdb.connect"}}) {
            Path f = write(bad[0]);
            ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> loader.load(f));
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + " -> " + e.getMessage());
        }
        ServerConfig c = loader.load(write("api:\n  mode: production\n  admin_token: 0123456789abcdef0123\n"));
        assertEquals("production", c.api().mode());
        assertEquals(new ServerConfig.Intent(10_000, 1, 4094), c.intent());
        assertEquals(new ServerConfig.Network(ServerConfig.NetworkMode.FABRIC, ServerConfig.Encapsulation.GENEVE, 1500,
                "skylane-tun", new ServerConfig.Ovsdb(true, "0.0.0.0", 6640, List.of())), c.network());
    }

    @Test
    void segmentsBeyond4094InBothModes() throws IOException {
        ServerConfig fabric = loader.load(write("intent:\n  segment_min: 4000\n  segment_max: 1048575\n"));
        assertEquals(1_048_575, fabric.intent().segmentMax());
        ServerConfig overlay = loader.load(write("network:\n  mode: overlay\n  encapsulation: vxlan\n  mtu: 9000\n"
                + "intent:\n  segment_max: 16777215\n"));
        assertEquals(ServerConfig.NetworkMode.OVERLAY, overlay.network().mode());
        assertEquals(ServerConfig.Encapsulation.VXLAN, overlay.network().encapsulation());
        assertEquals(9000, overlay.network().mtu());
        assertEquals(16_777_215, overlay.intent().segmentMax());
    }

    private Path write(String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "skylane", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
