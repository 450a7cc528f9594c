package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.OptionalInt;

/** An OpenFlow action, in core terms. */
public sealed interface Action
        permits Action.Output, Action.SetField, Action.PushVlan, Action.PopVlan, Action.PushMpls,
        Action.PopMpls, Action.DecNwTtl, Action.Group, Action.Ct {

    /** Bytes of a packet sent to the controller in full (OFPCML_NO_BUFFER). */
    int CONTROLLER_MAX_LEN_NO_BUFFER = 0xffff;

    /** Output to a port; {@code maxLen} only matters for the CONTROLLER port. */
    record Output(PortNumber port, int maxLen) implements Action {
        public Output {
            checkNotNull(port, "port");
            checkArgument(!port.equals(PortNumber.ANY), "cannot output to ANY");
            checkArgument(maxLen >= 0 && maxLen <= 0xffff, "maxLen must be 0..65535");
            if (!port.equals(PortNumber.CONTROLLER)) {
                maxLen = 0;
            }
        }
    }

    /** Rewrites one field; the criterion gives the field and its new value and must not be masked. */
    record SetField(Criterion value) implements Action {
        public SetField {
            checkNotNull(value, "value");
            checkArgument(!value.isMasked(), "set-field takes an exact value");
            checkArgument(!(value instanceof Criterion.InPort), "in_port cannot be set");
            checkArgument(!(value instanceof Criterion.Vlan v && v.vlan().isNone()),
                    "use pop_vlan to remove a VLAN tag");
            checkArgument(value.type() != Criterion.Type.CT_STATE && value.type() != Criterion.Type.CT_ZONE,
                    "conntrack fields are set by the ct action only");
        }
    }

    /** Pushes an 802.1Q header (then set the VLAN id with a set-field). */
    record PushVlan(int ethType) implements Action {
        public PushVlan {
            checkArgument(ethType == EthType.VLAN || ethType == EthType.QINQ, "push_vlan takes 0x8100 or 0x88a8");
        }
    }

    record PopVlan() implements Action {
    }

    record PushMpls(int ethType) implements Action {
        public PushMpls {
            checkArgument(ethType == EthType.MPLS_UNICAST || ethType == 0x8848, "push_mpls takes 0x8847 or 0x8848");
        }
    }

    /** Pops the MPLS header; {@code ethType} is the type of the payload. */
    record PopMpls(int ethType) implements Action {
        public PopMpls {
            checkArgument(ethType > 0 && ethType <= 0xffff, "ethType out of range");
        }
    }

    /** Decrements the IPv4 TTL (the switch drops the packet when it reaches zero). */
    record DecNwTtl() implements Action {
    }

    /** Processes the packet through a group. */
    record Group(int groupId) implements Action {
        public Group {
            checkArgument(Integer.compareUnsigned(groupId, 0xffffff00) <= 0, "group id must not be reserved");
        }
    }

    /**
     * Sends the packet through Open vSwitch connection tracking (the Nicira extension action
     * NXAST_CT; other switches do not have it). Without {@code commit} the packet is only looked up:
     * afterwards {@link Criterion.Type#CT_STATE} and {@link Criterion.Type#CT_ZONE} can be matched.
     * With a {@code recircTable} the packet is processed again from that table once conntrack has
     * run (OVS runs it asynchronously: the current pipeline goes on with the untracked packet, so a
     * lookup normally recirculates and does nothing else). {@code commit} records the connection so
     * that its later packets are {@link Criterion#CT_EST established}.
     *
     * <p>Open vSwitch refuses the action unless the rule matches IPv4 or IPv6 ({@link FlowRule}
     * checks it). Only what stateful security groups need is modelled: an immediate zone, commit,
     * recirculation. NAT will be a further component; ALGs, FORCE, zones read from a register
     * and ct_mark/ct_label writes are not modelled (the southbound refuses to decode them rather
     * than drop them silently).
     *
     * @param commit      commit the connection to the conntrack table
     * @param zone        the conntrack zone, 0..65535 (separate tenants use separate zones)
     * @param recircTable the table to process the packet from after conntrack (0..254), or empty
     */
    record Ct(boolean commit, int zone, OptionalInt recircTable) implements Action {
        public Ct {
            checkArgument(zone >= 0 && zone <= 0xffff, "conntrack zone must be 0..65535");
            checkNotNull(recircTable, "recircTable");
            checkArgument(recircTable.isEmpty() || (recircTable.getAsInt() >= 0 && recircTable.getAsInt() <= 254),
                    "recirculation table must be 0..254");
        }

        /** In Open vSwitch's syntax: {@code ct(commit,zone=5,table=3)}. */
        @Override
        public String toString() {
            return "ct(" + (commit ? "commit," : "") + "zone=" + zone
                    + (recircTable.isPresent() ? ",table=" + recircTable.getAsInt() : "") + ")";
        }
    }

    // ---- factories -------------------------------------------------------------------------

    static Action output(PortNumber port) {
        return new Output(port, port.equals(PortNumber.CONTROLLER) ? CONTROLLER_MAX_LEN_NO_BUFFER : 0);
    }

    static Action toController() {
        return output(PortNumber.CONTROLLER);
    }

    static Action setEthSrc(MacAddress mac) {
        return new SetField(Criterion.ethSrc(mac));
    }

    static Action setEthDst(MacAddress mac) {
        return new SetField(Criterion.ethDst(mac));
    }

    static Action setVlan(VlanId vlan) {
        return new SetField(Criterion.vlan(vlan));
    }

    static Action setIpv4Src(Ip4Address a) {
        return new SetField(Criterion.ipv4Src(Ip4Prefix.of(a, 32)));
    }

    static Action setIpv4Dst(Ip4Address a) {
        return new SetField(Criterion.ipv4Dst(Ip4Prefix.of(a, 32)));
    }

    static Action setField(Criterion.Type type, long value) {
        return new SetField(Criterion.exact(type, value));
    }

    /** Conntrack lookup in {@code zone}, then processing again from {@code table}: {@code ct(table=..,zone=..)}. */
    static Action ct(int zone, int table) {
        return new Ct(false, zone, OptionalInt.of(table));
    }

    /** Commits the connection in {@code zone}; the packet goes on in the current table: {@code ct(commit,zone=..)}. */
    static Action ctCommit(int zone) {
        return new Ct(true, zone, OptionalInt.empty());
    }
}
