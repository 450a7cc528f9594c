package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** An OpenFlow action, in core terms. */
public sealed interface Action
        permits Action.Output, Action.SetField, Action.PushVlan, Action.PopVlan, Action.PushMpls,
        Action.PopMpls, Action.DecNwTtl, Action.Group, Action.Ct, Action.Multipath, Action.Conjunction {

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
            checkArgument(value.type() != Criterion.Type.CONJ_ID, "conj_id is set by a conjunctive match only");
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
     * that its later packets are {@link Criterion#CT_EST established}. With a {@link Nat} the
     * recirculated packet is translated: {@code nat(dst=..)}/{@code nat(src=..)} set up the NAT of
     * a new connection (only with commit, as Open vSwitch requires), plain {@code nat} applies the
     * NAT its connection already has (un-NAT of replies).
     *
     * <p>Open vSwitch refuses the action unless the rule matches IPv4 or IPv6 ({@link FlowRule}
     * checks it). Modelled: an immediate zone, commit, recirculation, NAT. ALGs, FORCE, zones read
     * from a register and ct_mark/ct_label writes are not (the southbound refuses to decode them
     * rather than drop them silently).
     *
     * @param commit      commit the connection to the conntrack table
     * @param zone        the conntrack zone, 0..65535 (separate tenants use separate zones)
     * @param recircTable the table to process the packet from after conntrack (0..254), or empty
     * @param nat         the NAT to apply, or empty
     */
    record Ct(boolean commit, int zone, OptionalInt recircTable, Optional<Nat> nat) implements Action {
        public Ct {
            checkArgument(zone >= 0 && zone <= 0xffff, "conntrack zone must be 0..65535");
            checkNotNull(recircTable, "recircTable");
            checkArgument(recircTable.isEmpty() || (recircTable.getAsInt() >= 0 && recircTable.getAsInt() <= 254),
                    "recirculation table must be 0..254");
            checkNotNull(nat, "nat");
            checkArgument(commit || nat.filter(Nat::translates).isEmpty(),
                    "nat(src=..) and nat(dst=..) need commit (Open vSwitch refuses them without)");
        }

        /** A ct action without NAT. */
        public Ct(boolean commit, int zone, OptionalInt recircTable) {
            this(commit, zone, recircTable, Optional.empty());
        }

        /** In Open vSwitch's syntax (zone first): {@code ct(commit,zone=5,nat(dst=10.0.0.21:8080),table=3)}. */
        @Override
        public String toString() {
            return "ct(" + (commit ? "commit," : "") + "zone=" + zone + nat.map(n -> "," + n).orElse("")
                    + (recircTable.isPresent() ? ",table=" + recircTable.getAsInt() : "") + ")";
        }
    }

    /**
     * Open vSwitch's {@code multipath} (Nicira NXAST_MULTIPATH): hashes {@code fields} of the
     * packet with {@code basis}, maps the hash to a link number 0..nLinks-1 with {@code algorithm}
     * (and its {@code arg}), and writes that number into bits {@code dstOffset..dstOffset+dstBits-1}
     * of the OpenFlow metadata, where later tables can match it. The load balancer uses
     * {@code multipath(nw_src,0,modulo_n,251,0,OXM_OF_METADATA[32..47])} to pick a slot.
     *
     * @param fields    what is hashed
     * @param basis     the hash's basis, 0..65535
     * @param algorithm how the hash becomes a link number
     * @param nLinks    number of links, 1..65536, at most 2^dstBits
     * @param arg       the algorithm's argument, 0..2^32-1 (iter_hash: the number of hash bits, else unused)
     * @param dstOffset first metadata bit written, 0..63
     * @param dstBits   number of bits written, 1..64 - dstOffset
     */
    record Multipath(HashFields fields, int basis, Algorithm algorithm, int nLinks, long arg, int dstOffset,
                     int dstBits) implements Action {

        /** The fields hashed, with Open vSwitch's names. */
        public enum HashFields {
            ETH_SRC("eth_src"),
            SYMMETRIC_L4("symmetric_l4"),
            SYMMETRIC_L3L4("symmetric_l3l4"),
            /** Like SYMMETRIC_L3L4, and UDP ports as well as TCP's: one link per connection. */
            SYMMETRIC_L3L4_UDP("symmetric_l3l4+udp"),
            /** The IPv4 source: one link per client address. */
            NW_SRC("nw_src"),
            NW_DST("nw_dst"),
            SYMMETRIC_L3("symmetric_l3");

            private final String ovsName;

            HashFields(String ovsName) {
                this.ovsName = ovsName;
            }

            public String ovsName() {
                return ovsName;
            }

            /** The value named as Open vSwitch writes it ({@code nw_src}, {@code symmetric_l3l4+udp}). */
            public static Optional<HashFields> named(String name) {
                for (HashFields f : values()) {
                    if (f.ovsName.equals(name)) {
                        return Optional.of(f);
                    }
                }
                return Optional.empty();
            }
        }

        /** How the hash becomes a link number, with Open vSwitch's names. */
        public enum Algorithm {
            MODULO_N,
            HASH_THRESHOLD,
            HRW,
            ITER_HASH;

            public String ovsName() {
                return name().toLowerCase(Locale.ROOT);
            }

            /** The value named as Open vSwitch writes it ({@code modulo_n}). */
            public static Optional<Algorithm> named(String name) {
                for (Algorithm a : values()) {
                    if (a.ovsName().equals(name)) {
                        return Optional.of(a);
                    }
                }
                return Optional.empty();
            }
        }

        public Multipath {
            checkNotNull(fields, "fields");
            checkNotNull(algorithm, "algorithm");
            checkArgument(basis >= 0 && basis <= 0xffff, "multipath basis must be 0..65535");
            checkArgument(arg >= 0 && arg <= 0xffffffffL, "multipath arg must be 0..4294967295");
            checkArgument(nLinks >= 1 && nLinks <= 0x10000, "multipath n_links must be 1..65536");
            checkArgument(dstOffset >= 0 && dstOffset <= 63, "multipath destination offset must be 0..63");
            checkArgument(dstBits >= 1 && dstOffset + dstBits <= 64, "multipath destination must lie in metadata's 64 bits");
            checkArgument(dstBits >= 17 || nLinks <= 1 << dstBits,
                    "multipath destination is too narrow for n_links (Open vSwitch refuses it)");
        }

        /** In Open vSwitch's syntax: {@code multipath(nw_src,0,modulo_n,251,0,OXM_OF_METADATA[32..47])}. */
        @Override
        public String toString() {
            return "multipath(" + fields.ovsName() + "," + basis + "," + algorithm.ovsName() + "," + nLinks + ","
                    + arg + ",OXM_OF_METADATA[" + dstOffset + ".." + (dstOffset + dstBits - 1) + "])";
        }
    }

    /**
     * Open vSwitch's {@code conjunction(id, k/n)} (Nicira NXAST_CONJUNCTION): the rule is clause
     * {@code k} of the {@code n} clauses of conjunctive match {@code id}. When a packet matches, in
     * one table and at one priority, a rule of every clause of a conjunction, the switch looks the
     * table up again with {@link Criterion#conjId conj_id}{@code =id} and applies that rule's
     * instructions (none found: as if the conjunction had not matched). A rule of a clause does
     * nothing else: Open vSwitch refuses any other action or instruction beside conjunction actions
     * ({@link FlowRule} checks it), and a rule may name several conjunctions (one action each).
     * Every rule of a conjunction must have the same priority, and two conjunctions that one packet
     * can complete at one priority must lead to the same result (OVS picks either).
     *
     * @param id        the conjunction's id, 0..2^32-1, unique in its table
     * @param clause    this rule's clause, 1..nClauses
     * @param nClauses  the number of clauses, 2..64
     */
    record Conjunction(long id, int clause, int nClauses) implements Action {
        public Conjunction {
            checkArgument(id >= 0 && id <= 0xffffffffL, "conjunction id must be 0..4294967295");
            checkArgument(nClauses >= 2 && nClauses <= 64, "a conjunction has 2..64 clauses");
            checkArgument(clause >= 1 && clause <= nClauses, "conjunction clause must be 1..n");
        }

        /** In Open vSwitch's syntax: {@code conjunction(229376,1/2)}. */
        @Override
        public String toString() {
            return "conjunction(" + id + "," + clause + "/" + nClauses + ")";
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

    /** Sets the tunnel key (Geneve/VXLAN VNI) for a tunnel port: {@code set_field:5000->tun_id}. OpenFlow 1.3. */
    static Action setTunnelId(long id) {
        return new SetField(Criterion.tunnelId(id));
    }

    /**
     * Chooses the remote endpoint of a flow-based tunnel port ({@code remote_ip=flow}):
     * {@code set_field:172.31.199.2->tun_dst}. Open vSwitch with OpenFlow 1.3 only.
     */
    static Action setTunnelDst(Ip4Address endpoint) {
        return new SetField(Criterion.tunnelDst(endpoint));
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

    /**
     * Commits a new connection in {@code zone} with its NAT and processes the translated packet
     * again from {@code table}: {@code ct(commit,zone=..,nat(dst=..),table=..)}.
     */
    static Action ctCommitNat(int zone, Nat nat, int table) {
        return new Ct(true, zone, OptionalInt.of(table), Optional.of(nat));
    }

    /**
     * Looks the packet up in {@code zone}, applies its connection's NAT if it has one, and
     * processes it again from {@code table}: {@code ct(zone=..,nat,table=..)}.
     */
    static Action ctNat(int zone, int table) {
        return new Ct(false, zone, OptionalInt.of(table), Optional.of(Nat.existing()));
    }

    /** {@code multipath(fields,basis,algorithm,nLinks,arg,OXM_OF_METADATA[offset..offset+bits-1])}. */
    static Action multipath(Multipath.HashFields fields, int basis, Multipath.Algorithm algorithm, int nLinks,
                            long arg, int dstOffset, int dstBits) {
        return new Multipath(fields, basis, algorithm, nLinks, arg, dstOffset, dstBits);
    }

    /** Clause {@code clause} of {@code nClauses} of conjunctive match {@code id}: {@code conjunction(id,clause/nClauses)}. */
    static Action conjunction(long id, int clause, int nClauses) {
        return new Conjunction(id, clause, nClauses);
    }
}
