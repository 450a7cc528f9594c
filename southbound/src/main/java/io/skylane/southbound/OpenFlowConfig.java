package io.skylane.southbound;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the OpenFlow listener. Start from {@link #defaults()} and change what differs with
 * the {@code with...} methods; each value is checked when the record is made, and how they fit
 * together by {@link #checkConsistent()} when the server is made.
 *
 * @param bindAddress          address to listen on ({@code 0.0.0.0})
 * @param ports                TCP ports to listen on ([6653]; add 6633 for old switches; 0 picks a free port)
 * @param handshakeTimeout     a connection that has not answered FEATURES by then is closed (10 s); after
 *                             FEATURES, set-up's own timeouts bound the rest
 * @param echoInterval         an ECHO_REQUEST is sent when nothing was read for this long (5 s)
 * @param readTimeout          the connection is closed when nothing was read for this long (15 s)
 * @param maxFrameLength       longest accepted OpenFlow message, 64..65535 (65535)
 * @param clearTablesOnConnect delete every flow and group of a switch before it is reported ready (false)
 * @param requestTimeout       how long barrier and statistics replies are waited for (10 s)
 * @param setupTimeout         how long switch set-up waits for the port list (PORT_DESC) and, when clearing
 *                             tables, for the barrier reply; benchmark switches send neither, so the switch
 *                             then goes on without ports (2 s; twice this must fit in handshakeTimeout)
 * @param ioThreads            I/O threads, 0 for Netty's default (twice the cores)
 */
public record OpenFlowConfig(String bindAddress, List<Integer> ports, Duration handshakeTimeout, Duration echoInterval,
                             Duration readTimeout, int maxFrameLength, boolean clearTablesOnConnect,
                             Duration requestTimeout, Duration setupTimeout, int ioThreads) {

    /** The IANA OpenFlow port. */
    public static final int OPENFLOW_PORT = 6653;
    /** The port OpenFlow used before IANA assigned one; some switches still default to it. */
    public static final int LEGACY_OPENFLOW_PORT = 6633;
    /** Longest OpenFlow message (the length field is 16 bits). */
    public static final int MAX_FRAME_LENGTH = 0xffff;
    private static final int MIN_FRAME_LENGTH = 64;

    public OpenFlowConfig {
        checkNotNull(bindAddress, "bindAddress");
        ports = ImmutableList.copyOf(checkNotNull(ports, "ports"));
        checkArgument(!ports.isEmpty(), "at least one OpenFlow port is needed");
        for (int p : ports) {
            checkArgument(p >= 0 && p <= 0xffff, "OpenFlow port must be 0..65535");
        }
        checkArgument(ports.stream().filter(p -> p != 0).distinct().count() == ports.stream().filter(p -> p != 0).count(),
                "OpenFlow ports must be distinct");
        positive(handshakeTimeout, "handshakeTimeout");
        positive(echoInterval, "echoInterval");
        positive(readTimeout, "readTimeout");
        positive(requestTimeout, "requestTimeout");
        positive(setupTimeout, "setupTimeout");
        checkArgument(maxFrameLength >= MIN_FRAME_LENGTH && maxFrameLength <= MAX_FRAME_LENGTH,
                "maxFrameLength must be 64..65535");
        checkArgument(ioThreads >= 0, "ioThreads must be 0 (Netty's default) or more");
    }

    /**
     * Checks how the values fit together; {@link OpenFlowServer} calls it once, so {@code with...}
     * calls can come in any order.
     *
     * @return this configuration
     * @throws IllegalArgumentException if readTimeout is not longer than echoInterval (the echo
     *                                  could never save a quiet connection), or handshakeTimeout not
     *                                  longer than twice setupTimeout (a switch that answers neither
     *                                  PORT_DESC nor the barrier could never get ready)
     */
    public OpenFlowConfig checkConsistent() {
        checkArgument(readTimeout.compareTo(echoInterval) > 0,
                "readTimeout (%s ms) must be longer than echoInterval (%s ms)", readTimeout.toMillis(),
                echoInterval.toMillis());
        checkArgument(setupTimeout.multipliedBy(2).compareTo(handshakeTimeout) < 0,
                "handshakeTimeout (%s ms) must be longer than twice setupTimeout (%s ms)", handshakeTimeout.toMillis(),
                setupTimeout.toMillis());
        return this;
    }

    private static void positive(Duration d, String name) {
        checkNotNull(d, name);
        checkArgument(!d.isNegative() && !d.isZero() && d.toMillis() > 0, "%s must be at least 1 ms", name);
    }

    /** Listens on 0.0.0.0:6653 with the timeouts described on the record. */
    public static OpenFlowConfig defaults() {
        return new OpenFlowConfig("0.0.0.0", List.of(OPENFLOW_PORT), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(15), MAX_FRAME_LENGTH, false, Duration.ofSeconds(10), Duration.ofSeconds(2), 0);
    }

    public OpenFlowConfig withBindAddress(String address) {
        return new OpenFlowConfig(address, ports, handshakeTimeout, echoInterval, readTimeout, maxFrameLength,
                clearTablesOnConnect, requestTimeout, setupTimeout, ioThreads);
    }

    public OpenFlowConfig withPorts(List<Integer> list) {
        return new OpenFlowConfig(bindAddress, list, handshakeTimeout, echoInterval, readTimeout, maxFrameLength,
                clearTablesOnConnect, requestTimeout, setupTimeout, ioThreads);
    }

    public OpenFlowConfig withPorts(Integer... list) {
        return withPorts(List.of(list));
    }

    public OpenFlowConfig withHandshakeTimeout(Duration d) {
        return new OpenFlowConfig(bindAddress, ports, d, echoInterval, readTimeout, maxFrameLength,
                clearTablesOnConnect, requestTimeout, setupTimeout, ioThreads);
    }

    public OpenFlowConfig withEchoInterval(Duration d) {
        return new OpenFlowConfig(bindAddress, ports, handshakeTimeout, d, readTimeout, maxFrameLength,
                clearTablesOnConnect, requestTimeout, setupTimeout, ioThreads);
    }

    public OpenFlowConfig withReadTimeout(Duration d) {
        return new OpenFlowConfig(bindAddress, ports, handshakeTimeout, echoInterval, d, maxFrameLength,
                clearTablesOnConnect, requestTimeout, setupTimeout, ioThreads);
    }

    public OpenFlowConfig withMaxFrameLength(int length) {
        return new OpenFlowConfig(bindAddress, ports, handshakeTimeout, echoInterval, readTimeout, length,
                clearTablesOnConnect, requestTimeout, setupTimeout, ioThreads);
    }

    public OpenFlowConfig withClearTablesOnConnect(boolean clear) {
        return new OpenFlowConfig(bindAddress, ports, handshakeTimeout, echoInterval, readTimeout, maxFrameLength,
                clear, requestTimeout, setupTimeout, ioThreads);
    }

    public OpenFlowConfig withRequestTimeout(Duration d) {
        return new OpenFlowConfig(bindAddress, ports, handshakeTimeout, echoInterval, readTimeout, maxFrameLength,
                clearTablesOnConnect, d, setupTimeout, ioThreads);
    }

    public OpenFlowConfig withSetupTimeout(Duration d) {
        return new OpenFlowConfig(bindAddress, ports, handshakeTimeout, echoInterval, readTimeout, maxFrameLength,
                clearTablesOnConnect, requestTimeout, d, ioThreads);
    }

    public OpenFlowConfig withIoThreads(int threads) {
        return new OpenFlowConfig(bindAddress, ports, handshakeTimeout, echoInterval, readTimeout, maxFrameLength,
                clearTablesOnConnect, requestTimeout, setupTimeout, threads);
    }
}
