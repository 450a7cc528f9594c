package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.event.Event;
import io.skylane.core.net.DeviceId;
import java.time.Instant;
import java.util.Optional;

/**
 * A hypervisor bridge appeared on, changed on, or went away from an OVSDB connection. The subject
 * is the bridge's datapath id.
 */
public final class OvsdbEvent extends Event<OvsdbEvent.Type, DeviceId> {

    public enum Type {
        /** A connection shows a bridge with this datapath id (the connection was set up, or the bridge appeared). */
        HYPERVISOR_CONNECTED,
        /** What Skylane reads of the bridge changed: its ports, an interface's options, ofport or error. */
        HYPERVISOR_UPDATED,
        /** The connection closed, or the bridge (or its datapath id) went away. */
        HYPERVISOR_DISCONNECTED
    }

    private final String remote;
    private final HypervisorView view;

    /**
     * @param remote the ovsdb-server's address
     * @param view   the bridge as the connection shows it; null for {@link Type#HYPERVISOR_DISCONNECTED}
     */
    public OvsdbEvent(Type type, DeviceId datapathId, String remote, HypervisorView view, Instant time) {
        super(type, datapathId, time);
        this.remote = checkNotNull(remote, "remote");
        checkArgument(type == Type.HYPERVISOR_DISCONNECTED == (view == null),
                "a view goes with every event except HYPERVISOR_DISCONNECTED");
        this.view = view;
    }

    /** The ovsdb-server's address ({@code 10.0.0.5:51234}). */
    public String remote() {
        return remote;
    }

    /** The bridge after the change; empty when it went away. */
    public Optional<HypervisorView> view() {
        return Optional.ofNullable(view);
    }
}
