package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the OVSDB client. Start from {@link #defaults()} and change what differs with the
 * {@code with...} methods; each value is checked when the record is made.
 *
 * @param listen            accept connections from ovsdb-servers told {@code set-manager tcp:CONTROLLER:6640} (true)
 * @param bindAddress       address to listen on ({@code 0.0.0.0})
 * @param port              TCP port to listen on (6640, the IANA OVSDB port; 0 picks a free one)
 * @param targets           ovsdb-servers to connect to ({@code tcp:HOST:PORT}, {@code unix:PATH}),
 *                          kept connected (none)
 * @param requestTimeout    how long a request waits for its answer (10 s)
 * @param echoInterval      an echo is sent when nothing was read for this long (5 s)
 * @param readTimeout       the connection is closed when nothing was read for this long (15 s)
 * @param maxFrameLength    longest accepted JSON message in bytes; a longer one closes that
 *                          connection (16 MiB: a monitor's first answer lists every port)
 * @param reconnectInterval pause between attempts to connect to a target (2 s)
 * @param applyTimeout      how long a tunnel-port change waits for ovs-vswitchd to apply it
 *                          before it reports it pending (5 s)
 * @param ioThreads         I/O threads (1)
 */
public record OvsdbConfig(boolean listen, String bindAddress, int port, List<OvsdbTarget> targets,
                          Duration requestTimeout, Duration echoInterval, Duration readTimeout, int maxFrameLength,
                          Duration reconnectInterval, Duration applyTimeout, int ioThreads) {

    /** The IANA OVSDB port, the one {@code ovs-vsctl set-manager tcp:HOST} uses by default. */
    public static final int OVSDB_PORT = 6640;
    private static final int MIN_FRAME_LENGTH = 1024;

    public OvsdbConfig {
        checkNotNull(bindAddress, "bindAddress");
        checkArgument(port >= 0 && port <= 0xffff, "OVSDB port must be 0..65535");
        targets = ImmutableList.copyOf(checkNotNull(targets, "targets"));
        positive(requestTimeout, "requestTimeout");
        positive(echoInterval, "echoInterval");
        positive(readTimeout, "readTimeout");
        positive(reconnectInterval, "reconnectInterval");
        checkNotNull(applyTimeout, "applyTimeout");
        checkArgument(!applyTimeout.isNegative(), "applyTimeout must not be negative");
        checkArgument(readTimeout.compareTo(echoInterval) > 0, "readTimeout must be longer than echoInterval");
        checkArgument(maxFrameLength >= MIN_FRAME_LENGTH, "maxFrameLength must be at least 1024");
        checkArgument(ioThreads >= 1, "ioThreads must be at least 1");
    }

    private static void positive(Duration d, String name) {
        checkNotNull(d, name);
        checkArgument(d.toMillis() > 0, "%s must be at least 1 ms", name);
    }

    /** Listens on 0.0.0.0:6640, connects nowhere, with the timeouts described on the record. */
    public static OvsdbConfig defaults() {
        return new OvsdbConfig(true, "0.0.0.0", OVSDB_PORT, List.of(), Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 16 * 1024 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(5), 1);
    }

    public OvsdbConfig withListen(boolean on) {
        return new OvsdbConfig(on, bindAddress, port, targets, requestTimeout, echoInterval, readTimeout,
                maxFrameLength, reconnectInterval, applyTimeout, ioThreads);
    }

    public OvsdbConfig withBindAddress(String address) {
        return new OvsdbConfig(listen, address, port, targets, requestTimeout, echoInterval, readTimeout,
                maxFrameLength, reconnectInterval, applyTimeout, ioThreads);
    }

    public OvsdbConfig withPort(int p) {
        return new OvsdbConfig(listen, bindAddress, p, targets, requestTimeout, echoInterval, readTimeout,
                maxFrameLength, reconnectInterval, applyTimeout, ioThreads);
    }

    public OvsdbConfig withTargets(List<OvsdbTarget> list) {
        return new OvsdbConfig(listen, bindAddress, port, list, requestTimeout, echoInterval, readTimeout,
                maxFrameLength, reconnectInterval, applyTimeout, ioThreads);
    }

    public OvsdbConfig withRequestTimeout(Duration d) {
        return new OvsdbConfig(listen, bindAddress, port, targets, d, echoInterval, readTimeout, maxFrameLength,
                reconnectInterval, applyTimeout, ioThreads);
    }

    public OvsdbConfig withEchoInterval(Duration d) {
        return new OvsdbConfig(listen, bindAddress, port, targets, requestTimeout, d, readTimeout, maxFrameLength,
                reconnectInterval, applyTimeout, ioThreads);
    }

    public OvsdbConfig withReadTimeout(Duration d) {
        return new OvsdbConfig(listen, bindAddress, port, targets, requestTimeout, echoInterval, d, maxFrameLength,
                reconnectInterval, applyTimeout, ioThreads);
    }

    public OvsdbConfig withMaxFrameLength(int length) {
        return new OvsdbConfig(listen, bindAddress, port, targets, requestTimeout, echoInterval, readTimeout, length,
                reconnectInterval, applyTimeout, ioThreads);
    }

    public OvsdbConfig withReconnectInterval(Duration d) {
        return new OvsdbConfig(listen, bindAddress, port, targets, requestTimeout, echoInterval, readTimeout,
                maxFrameLength, d, applyTimeout, ioThreads);
    }

    public OvsdbConfig withApplyTimeout(Duration d) {
        return new OvsdbConfig(listen, bindAddress, port, targets, requestTimeout, echoInterval, readTimeout,
                maxFrameLength, reconnectInterval, d, ioThreads);
    }

    public OvsdbConfig withIoThreads(int threads) {
        return new OvsdbConfig(listen, bindAddress, port, targets, requestTimeout, echoInterval, readTimeout,
                maxFrameLength, reconnectInterval, applyTimeout, threads);
    }
}
