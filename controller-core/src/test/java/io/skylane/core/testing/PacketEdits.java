package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkState;

import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.testing.SimPacket.VlanTag;
import java.util.ArrayList;
import java.util.List;

/** The header-changing actions of {@link SimSwitch}, with OpenFlow 1.3's rules for each. */
final class PacketEdits {

    private PacketEdits() {
    }

    /** set-field: the packet must have the field; eth_type and ip_proto cannot be written. */
    static SimPacket setField(Criterion c, SimPacket p) {
        Type t = c.type();
        checkState(t != Type.ETH_TYPE && t != Type.IP_PROTO, "set-field %s: the field is not writable", t);
        checkState(p.has(t), "set-field %s on a packet without that field (push the header first?): %s", t, p);
        long value;
        if (c instanceof Criterion.MacField) {
            value = ((Criterion.MacField) c).mac().value();
        } else if (c instanceof Criterion.Ip4Field) {
            value = ((Criterion.Ip4Field) c).prefix().address().value() & 0xffffffffL;
        } else if (c instanceof Criterion.Vlan) {
            value = ((Criterion.Vlan) c).vlan().value();
        } else if (c instanceof Criterion.NumberField) {
            value = ((Criterion.NumberField) c).value();
        } else {
            throw new IllegalStateException("set-field not simulated: " + c);
        }
        return p.with(t, value);
    }

    /** push_vlan: the new outer tag copies the VID and PCP of the old outer tag, or is 0. */
    static SimPacket pushVlan(int tpid, SimPacket p) {
        List<VlanTag> tags = new ArrayList<>(p.vlans());
        VlanTag outer = tags.isEmpty() ? null : tags.get(0);
        tags.add(0, new VlanTag(tpid, outer == null ? 0 : outer.vid(), outer == null ? 0 : outer.pcp()));
        return p.toBuilder().vlans(tags).build();
    }

    static SimPacket popVlan(SimPacket p) {
        checkState(!p.vlans().isEmpty(), "pop_vlan on an untagged packet: %s", p);
        return p.toBuilder().vlans(p.vlans().subList(1, p.vlans().size())).build();
    }

    /** push_mpls: the new outer label copies the old outer label, or is 0; eth_type becomes MPLS. */
    static SimPacket pushMpls(int ethType, SimPacket p) {
        List<Integer> labels = new ArrayList<>(p.isMpls() ? p.mplsLabels() : List.of());
        labels.add(0, labels.isEmpty() ? 0 : labels.get(0));
        return p.toBuilder().mpls(labels).ethType(ethType).build();
    }

    /** pop_mpls: removes the outer label; eth_type becomes the action's. */
    static SimPacket popMpls(int ethType, SimPacket p) {
        checkState(p.isMpls() && !p.mplsLabels().isEmpty(), "pop_mpls on a packet without MPLS: %s", p);
        return p.toBuilder().mpls(p.mplsLabels().subList(1, p.mplsLabels().size())).ethType(ethType).build();
    }
}
