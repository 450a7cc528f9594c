package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link OvsdbManager#ensureTunnelPort} or {@link OvsdbManager#removeTunnelPort} did and
 * what Open vSwitch made of it.
 *
 * @param change what the database transaction did (nothing when the port was already right)
 * @param state  what ovs-vswitchd made of the interface afterwards
 * @param ofport its OpenFlow port number when {@link State#READY}
 * @param error  {@code Interface.error} when {@link State#REFUSED}
 */
public record TunnelPortResult(Change change, State state, OptionalInt ofport, Optional<String> error) {

    /** The database change. */
    public enum Change {
        CREATED,
        /** Type, options or ofport request rewritten (an endpoint change). */
        UPDATED,
        UNCHANGED,
        REMOVED
    }

    /** The interface as ovs-vswitchd left it. */
    public enum State {
        /** A positive ofport and no error. */
        READY,
        /**
         * ovs-vswitchd could not create the device: {@code Interface.error} set, ofport -1 (a second
         * tunnel port of the same type and local_ip, for example). The database row exists.
         */
        REFUSED,
        /** ovs-vswitchd did not apply the change in time (or is not running): no ofport yet. */
        PENDING,
        /** The port is gone (after a removal). */
        ABSENT
    }

    public TunnelPortResult {
        checkNotNull(change, "change");
        checkNotNull(state, "state");
        checkNotNull(ofport, "ofport");
        checkNotNull(error, "error");
        checkArgument(state == State.READY == ofport.isPresent(), "an ofport goes with READY only");
        checkArgument(state == State.REFUSED == error.isPresent(), "an error goes with REFUSED only");
    }

    static TunnelPortResult of(Change change, OvsdbInterface intf) {
        if (intf.refused()) {
            return new TunnelPortResult(change, State.REFUSED, OptionalInt.empty(),
                    Optional.of(intf.error().orElse("ofport " + intf.ofport().orElse(-1))));
        }
        if (intf.ready()) {
            return new TunnelPortResult(change, State.READY, intf.ofport(), Optional.empty());
        }
        return pending(change);
    }

    static TunnelPortResult pending(Change change) {
        return new TunnelPortResult(change, State.PENDING, OptionalInt.empty(), Optional.empty());
    }

    static TunnelPortResult absent(Change change) {
        return new TunnelPortResult(change, State.ABSENT, OptionalInt.empty(), Optional.empty());
    }

    /** The port is usable: {@link State#READY}. */
    public boolean succeeded() {
        return state == State.READY;
    }
}
