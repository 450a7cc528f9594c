package io.skylane.southbound.translate;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.VlanId;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionDecNwTtl;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionPopMpls;
import org.projectfloodlight.openflow.protocol.action.OFActionPopVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionPushMpls;
import org.projectfloodlight.openflow.protocol.action.OFActionPushVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionSetDlDst;
import org.projectfloodlight.openflow.protocol.action.OFActionSetDlSrc;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.action.OFActionSetNwDst;
import org.projectfloodlight.openflow.protocol.action.OFActionSetNwSrc;
import org.projectfloodlight.openflow.protocol.action.OFActionSetNwTos;
import org.projectfloodlight.openflow.protocol.action.OFActionSetTpDst;
import org.projectfloodlight.openflow.protocol.action.OFActionSetTpSrc;
import org.projectfloodlight.openflow.protocol.action.OFActionSetVlanPcp;
import org.projectfloodlight.openflow.protocol.action.OFActionSetVlanVid;
import org.projectfloodlight.openflow.protocol.action.OFActionStripVlan;
import org.projectfloodlight.openflow.protocol.action.OFActions;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.VlanPcp;
import org.projectfloodlight.openflow.types.VlanVid;

/**
 * Core {@link Action}s to and from openflowj actions. In OpenFlow 1.0 a set-field becomes the
 * matching {@code set_dl_*}/{@code set_nw_*}/{@code set_tp_*}/{@code set_vlan_*} action and pop-VLAN
 * becomes {@code strip_vlan}; groups, MPLS, push-VLAN and dec-TTL do not exist there. The
 * conntrack action is Open vSwitch's Nicira extension NXAST_CT ({@link NxConntrackAction}, with
 * its nat, {@link NxNat}), multipath is NXAST_MULTIPATH ({@link NxMultipathAction}) and
 * conjunction is NXAST_CONJUNCTION ({@link NxConjunctionAction}), sent to OpenFlow 1.3 switches only.
 */
public final class ActionTranslator {

    private ActionTranslator() {
    }

    /**
     * Encodes actions for the factory's version.
     *
     * @throws IllegalArgumentException if the version has no such action
     */
    public static List<OFAction> toOpenFlow(List<Action> actions, OFFactory factory) {
        if (actions.isEmpty()) {
            return List.of();
        }
        List<OFAction> out = new ArrayList<>(actions.size());
        for (Action a : actions) {
            out.add(toOpenFlow(a, factory));
        }
        return out;
    }

    static OFAction toOpenFlow(Action a, OFFactory factory) {
        OFActions acts = factory.actions();
        OFVersion version = factory.getVersion();
        if (a instanceof Action.Output o) {
            return acts.output(PortTranslator.toOpenFlow(o.port(), version), o.maxLen());
        } else if (a instanceof Action.SetField s) {
            return version == OFVersion.OF_10 ? setField10(s.value(), acts) : acts.setField(MatchTranslator.toOxm(s.value(), factory));
        } else if (a instanceof Action.PopVlan) {
            return version == OFVersion.OF_10 ? acts.stripVlan() : acts.popVlan();
        }
        if (version == OFVersion.OF_10) {
            throw new IllegalArgumentException("action " + a + " does not exist in OpenFlow 1.0");
        }
        if (a instanceof Action.PushVlan p) {
            return acts.pushVlan(EthType.of(p.ethType()));
        } else if (a instanceof Action.PushMpls p) {
            return acts.pushMpls(EthType.of(p.ethType()));
        } else if (a instanceof Action.PopMpls p) {
            return acts.popMpls(EthType.of(p.ethType()));
        } else if (a instanceof Action.DecNwTtl) {
            return acts.decNwTtl();
        } else if (a instanceof Action.Group g) {
            return acts.group(OFGroup.of(g.groupId()));
        } else if (a instanceof Action.Ct ct) {
            return NxConntrackAction.of(ct);
        } else if (a instanceof Action.Multipath m) {
            return NxMultipathAction.of(m);
        } else if (a instanceof Action.Conjunction c) {
            return NxConjunctionAction.of(c);
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    private static OFAction setField10(Criterion c, OFActions acts) {
        if (c instanceof Criterion.MacField m && m.type() == Type.ETH_SRC) {
            return acts.setDlSrc(MacAddress.of(m.mac().value()));
        } else if (c instanceof Criterion.MacField m && m.type() == Type.ETH_DST) {
            return acts.setDlDst(MacAddress.of(m.mac().value()));
        } else if (c instanceof Criterion.Vlan v) {
            return acts.setVlanVid(VlanVid.ofVlan(v.vlan().value()));
        } else if (c instanceof Criterion.Ip4Field ip && ip.type() == Type.IPV4_SRC) {
            return acts.setNwSrc(IPv4Address.of(ip.prefix().address().value()));
        } else if (c instanceof Criterion.Ip4Field ip && ip.type() == Type.IPV4_DST) {
            return acts.setNwDst(IPv4Address.of(ip.prefix().address().value()));
        } else if (c instanceof Criterion.NumberField n) {
            switch (n.type()) {
                case VLAN_PCP:
                    return acts.setVlanPcp(VlanPcp.of((byte) n.value()));
                case IP_DSCP:
                    return acts.setNwTos((short) (n.value() << 2));
                case TCP_SRC:
                case UDP_SRC:
                    return acts.setTpSrc(TransportPort.of((int) n.value()));
                case TCP_DST:
                case UDP_DST:
                    return acts.setTpDst(TransportPort.of((int) n.value()));
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("set-field " + c + " does not exist in OpenFlow 1.0");
    }

    /**
     * Decodes actions.
     *
     * @param ipProto the rule's matched IP protocol, or -1: tells OpenFlow 1.0's {@code set_tp_*}
     *                whether it rewrites a UDP or a TCP port (TCP unless the rule matches UDP)
     * @throws UndecodableException if an action has no core equivalent
     */
    public static List<Action> toCore(List<OFAction> actions, int ipProto) {
        if (actions.isEmpty()) {
            return List.of();
        }
        List<Action> out = new ArrayList<>(actions.size());
        for (OFAction a : actions) {
            out.add(toCore(a, ipProto));
        }
        return out;
    }

    static Action toCore(OFAction a, int ipProto) {
        try {
            if (a instanceof OFActionOutput o) {
                return new Action.Output(PortTranslator.toCore(o.getPort()), o.getMaxLen());
            } else if (a instanceof OFActionSetField s) {
                return new Action.SetField(MatchTranslator.setFieldCriterion(s.getField()));
            } else if (a instanceof OFActionPopVlan || a instanceof OFActionStripVlan) {
                return new Action.PopVlan();
            } else if (a instanceof OFActionPushVlan p) {
                return new Action.PushVlan(p.getEthertype().getValue());
            } else if (a instanceof OFActionPushMpls p) {
                return new Action.PushMpls(p.getEthertype().getValue());
            } else if (a instanceof OFActionPopMpls p) {
                return new Action.PopMpls(p.getEthertype().getValue());
            } else if (a instanceof OFActionDecNwTtl) {
                return new Action.DecNwTtl();
            } else if (a instanceof OFActionGroup g) {
                return new Action.Group(g.getGroup().getGroupNumber());
            } else if (a instanceof NxConntrackAction ct) {
                return ct.toCore();
            } else if (a instanceof NxMultipathAction m) {
                return m.toCore();
            } else if (a instanceof NxConjunctionAction c) {
                return c.toCore();
            }
            return toCore10(a, ipProto);
        } catch (IllegalArgumentException e) {
            throw new UndecodableException("action " + a + " has no core equivalent: " + e.getMessage(), e);
        }
    }

    private static Action toCore10(OFAction a, int ipProto) {
        boolean udp = ipProto == IpProtocol.UDP;
        if (a instanceof OFActionSetDlSrc s) {
            return Action.setEthSrc(io.skylane.core.net.MacAddress.of(s.getDlAddr().getLong()));
        } else if (a instanceof OFActionSetDlDst s) {
            return Action.setEthDst(io.skylane.core.net.MacAddress.of(s.getDlAddr().getLong()));
        } else if (a instanceof OFActionSetVlanVid s) {
            return Action.setVlan(VlanId.of(s.getVlanVid().getVlan() & 0x0fff));
        } else if (a instanceof OFActionSetVlanPcp s) {
            return Action.setField(Type.VLAN_PCP, s.getVlanPcp().getValue());
        } else if (a instanceof OFActionSetNwSrc s) {
            return new Action.SetField(Criterion.ipv4Src(Ip4Prefix.of(Ip4Address.of(s.getNwAddr().getInt()), 32)));
        } else if (a instanceof OFActionSetNwDst s) {
            return new Action.SetField(Criterion.ipv4Dst(Ip4Prefix.of(Ip4Address.of(s.getNwAddr().getInt()), 32)));
        } else if (a instanceof OFActionSetNwTos s) {
            return Action.setField(Type.IP_DSCP, (s.getNwTos() & 0xff) >> 2);
        } else if (a instanceof OFActionSetTpSrc s) {
            return Action.setField(udp ? Type.UDP_SRC : Type.TCP_SRC, s.getTpPort().getPort());
        } else if (a instanceof OFActionSetTpDst s) {
            return Action.setField(udp ? Type.UDP_DST : Type.TCP_DST, s.getTpPort().getPort());
        }
        throw new UndecodableException("action " + a + " has no core equivalent");
    }
}
