package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where to connect to an ovsdb-server, in Open vSwitch's notation: {@code tcp:HOST:PORT} (an
 * {@code --remote=ptcp:PORT} of the server; an IPv6 host in brackets) or {@code unix:PATH} (its
 * {@code punix:PATH}, Linux only).
 *
 * @param text the target as written
 */
public record OvsdbTarget(String text) {

    private static final String TCP = "tcp:";
    private static final String UNIX = "unix:";

    /**
     * @throws IllegalArgumentException if the text is not {@code tcp:HOST:PORT} or {@code unix:PATH}
     */
    public OvsdbTarget {
        checkNotNull(text, "target");
        parse(text);
    }

    public static OvsdbTarget of(String text) {
        return new OvsdbTarget(text);
    }

    /** {@code tcp:host:port}. */
    public static OvsdbTarget tcp(String host, int port) {
        return new OvsdbTarget(TCP + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    public boolean isUnix() {
        return text.startsWith(UNIX);
    }

    /** The socket address (unresolved for a TCP host name; it is resolved when connecting). */
    public SocketAddress address() {
        return parse(text);
    }

    private static SocketAddress parse(String text) {
        if (text.startsWith(UNIX)) {
            String path = text.substring(UNIX.length());
            checkArgument(!path.isEmpty(), "OVSDB target unix: needs a path");
            return new DomainSocketAddress(path);
        }
        checkArgument(text.startsWith(TCP), "OVSDB target must be tcp:HOST:PORT or unix:PATH");
        String rest = text.substring(TCP.length());
        int colon = rest.lastIndexOf(':');
        checkArgument(colon > 0 && colon < rest.length() - 1, "OVSDB target must be tcp:HOST:PORT");
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        checkArgument(!host.isEmpty() && (!host.contains(":") || rest.startsWith("[")),
                "OVSDB target: write an IPv6 host in brackets, tcp:[::1]:6640");
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("OVSDB target port must be a number: " + text);
        }
        checkArgument(port > 0 && port <= 0xffff, "OVSDB target port must be 1..65535");
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return text;
    }
}
