package io.skylane.server;

import java.nio.file.Path;
import java.util.List;

/** Configurations for tests: the embedded defaults, bound to loopback on the given ports. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** The admin token of test controllers. */
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    /** Defaults with OpenFlow and REST on 127.0.0.1 (port 0: any free port) and data under {@code dataDir}. */
    static ServerConfig loopback(int openflowPort, int apiPort, Path dataDir) {
        return loopback(openflowPort, apiPort, dataDir, new ConfigLoader().defaults().forwarding().mode());
    }

    /** {@link #loopback(int, int, Path)} with another forwarding app. */
    static ServerConfig loopback(int openflowPort, int apiPort, Path dataDir, ServerConfig.ForwardingMode mode) {
        ServerConfig d = new ConfigLoader().defaults();
        ServerConfig.Forwarding fw = d.forwarding();
        ServerConfig.OpenFlow of = d.openflow();
        return new ServerConfig(new ServerConfig.OpenFlow("127.0.0.1", List.of(openflowPort), of.handshakeTimeoutMs(),
                of.echoIntervalMs(), of.readTimeoutMs(), of.requestTimeoutMs(), of.maxFrameLength(),
                of.clearTablesOnConnect(), of.ioThreads()), new ServerConfig.Api("127.0.0.1", apiPort,
                ServerConfig.Api.DEVELOPMENT, ADMIN_TOKEN, null), d.flows(),
                new ServerConfig.Forwarding(mode, fw.proxyArp(), fw.priority(), fw.floodGuardMs()), d.learning(),
                d.discovery(), d.hosts(), d.intent(), d.network(), dataDir);
    }
}
