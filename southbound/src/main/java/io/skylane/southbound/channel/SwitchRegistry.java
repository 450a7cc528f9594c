package io.skylane.southbound.channel;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.skylane.core.net.DeviceId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The open connections of a server and the ready one of each datapath. A connection that finishes
 * its handshake with a datapath id already connected takes its place; the caller closes the old one.
 */
public final class SwitchRegistry {

    private final ConcurrentHashMap<DeviceId, OFConnection> ready = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("openflow", GlobalEventExecutor.INSTANCE);

    /** Open connections, handshaking ones included. */
    public int channels() {
        return channels.size();
    }

    /** Connections that finished the handshake. */
    public int ready() {
        return ready.size();
    }

    /**
     * Closes every connection; ready switches are reported disconnected with {@code reason}.
     * Waits at most {@code timeoutMillis} for the connections to close.
     */
    public void closeAll(String reason, long timeoutMillis) {
        for (OFConnection c : ready.values()) {
            c.handle().disconnect(reason);
        }
        channels.close().awaitUninterruptibly(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Tracks an open channel until it closes. */
    void channelOpened(Channel channel) {
        channels.add(channel);
    }

    /** Makes {@code conn} the connection of {@code id}; returns the one it replaces, or null. */
    OFConnection register(DeviceId id, OFConnection conn) {
        OFConnection previous = ready.put(id, conn);
        return previous == conn ? null : previous;
    }

    /** Forgets {@code conn} if it is still the connection of {@code id}. */
    void unregister(DeviceId id, OFConnection conn) {
        ready.remove(id, conn);
    }
}
