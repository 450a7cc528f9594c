package io.skylane.northbound;

import static io.skylane.northbound.JsonInput.bad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of match fields both directions use: {@link FlowJson} renders a criterion with it
 * and {@link FlowRuleParser} reads it back, so whatever GET shows can be sent again. A field's JSON
 * name is its OpenFlow name in lower case; its {@link Format} says how its value is written.
 */
final class FlowFields {

    /** How a field's value is written in JSON. */
    enum Format {
        /** A port number, or a reserved port's name ({@code "CONTROLLER"}). */
        PORT,
        /** {@code "aa:bb:cc:dd:ee:ff"}, optionally {@code "/ff:ff:ff:00:00:00"}. */
        MAC,
        /** An address or a prefix {@code "10.0.0.0/24"} (host bits are cleared). */
        IPV4,
        /** 0..4095, or {@code "none"} for untagged frames. */
        VLAN,
        /** A JSON integer. */
        DECIMAL,
        /** A hex string {@code "0x800"} (or a JSON integer). */
        HEX,
        /** A hex string with an optional hex mask {@code "0x10/0xff"} (or a JSON integer). */
        MASKABLE_HEX,
        /** A JSON integer, or a hex value and mask {@code "0x400/0xfc00"} (TCP and UDP ports; OpenFlow 1.3). */
        MASKABLE_DECIMAL
    }

    /** Which OpenFlow versions can rewrite a field with set_field. */
    enum Settable { NO, OF13, ANY }

    /**
     * One match field.
     *
     * @param type      the core field
     * @param name      the JSON name
     * @param format    how its value is written
     * @param of10Match true if an OpenFlow 1.0 switch can match it
     * @param settable  which versions can rewrite it with set_field
     */
    record Field(Type type, String name, Format format, boolean of10Match, Settable settable) {
    }

    private static final Map<Type, Field> BY_TYPE = new EnumMap<>(Type.class);
    private static final Map<String, Field> BY_NAME = new HashMap<>();

    static {
        def(Type.IN_PORT, Format.PORT, true, Settable.NO);
        def(Type.METADATA, Format.MASKABLE_HEX, false, Settable.NO);
        def(Type.ETH_DST, Format.MAC, true, Settable.ANY);
        def(Type.ETH_SRC, Format.MAC, true, Settable.ANY);
        def(Type.ETH_TYPE, Format.HEX, true, Settable.NO);
        def(Type.VLAN_VID, Format.VLAN, true, Settable.ANY);
        def(Type.VLAN_PCP, Format.DECIMAL, true, Settable.ANY);
        def(Type.IP_DSCP, Format.DECIMAL, true, Settable.ANY);
        def(Type.IP_PROTO, Format.DECIMAL, true, Settable.NO);
        def(Type.IPV4_SRC, Format.IPV4, true, Settable.ANY);
        def(Type.IPV4_DST, Format.IPV4, true, Settable.ANY);
        def(Type.TCP_SRC, Format.MASKABLE_DECIMAL, true, Settable.ANY);
        def(Type.TCP_DST, Format.MASKABLE_DECIMAL, true, Settable.ANY);
        def(Type.UDP_SRC, Format.MASKABLE_DECIMAL, true, Settable.ANY);
        def(Type.UDP_DST, Format.MASKABLE_DECIMAL, true, Settable.ANY);
        def(Type.ICMPV4_TYPE, Format.DECIMAL, true, Settable.OF13);
        def(Type.ICMPV4_CODE, Format.DECIMAL, true, Settable.OF13);
        def(Type.ARP_OP, Format.DECIMAL, true, Settable.OF13);
        def(Type.ARP_SPA, Format.IPV4, true, Settable.OF13);
        def(Type.ARP_TPA, Format.IPV4, true, Settable.OF13);
        def(Type.ARP_SHA, Format.MAC, false, Settable.OF13);
        def(Type.ARP_THA, Format.MAC, false, Settable.OF13);
        def(Type.MPLS_LABEL, Format.DECIMAL, false, Settable.OF13);
        def(Type.TUNNEL_ID, Format.MASKABLE_HEX, false, Settable.OF13);
        def(Type.TUN_IPV4_SRC, Format.IPV4, false, Settable.OF13);
        def(Type.TUN_IPV4_DST, Format.IPV4, false, Settable.OF13);
        def(Type.CT_STATE, Format.MASKABLE_HEX, false, Settable.NO);
        def(Type.CT_ZONE, Format.DECIMAL, false, Settable.NO);
        def(Type.CONJ_ID, Format.DECIMAL, false, Settable.NO);
        if (BY_TYPE.size() != Type.values().length) {
            throw new IllegalStateException("a match field has no JSON format");
        }
    }

    private FlowFields() {
    }

    private static void def(Type type, Format format, boolean of10Match, Settable settable) {
        Field f = new Field(type, type.name().toLowerCase(Locale.ROOT), format, of10Match, settable);
        BY_TYPE.put(type, f);
        BY_NAME.put(f.name(), f);
    }

    static Field of(Type type) {
        return BY_TYPE.get(type);
    }

    /** The field with this JSON name. */
    static Optional<Field> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    // ---- rendering --------------------------------------------------------------------------

    /** Puts a criterion into {@code n} under its field's name. */
    static void render(ObjectNode n, Criterion c) {
        Field f = of(c.type());
        if (c instanceof Criterion.InPort p) {
            renderPort(n, f.name(), p.port());
        } else if (c instanceof Criterion.MacField m) {
            n.put(f.name(), m.isMasked() ? m.mac() + "/" + m.mask() : m.mac().toString());
        } else if (c instanceof Criterion.Ip4Field ip) {
            n.put(f.name(), ip.isMasked() ? ip.prefix().toString() : ip.prefix().address().toString());
        } else if (c instanceof Criterion.Vlan v) {
            if (v.vlan().isNone()) {
                n.put(f.name(), "none");
            } else {
                n.put(f.name(), v.vlan().value());
            }
        } else if (c instanceof Criterion.NumberField num) {
            if (num.isMasked()) {
                n.put(f.name(), hex(num.value()) + "/" + hex(num.mask()));
            } else if (f.format() == Format.DECIMAL || f.format() == Format.MASKABLE_DECIMAL) {
                n.put(f.name(), num.value());
            } else {
                n.put(f.name(), hex(num.value()));
            }
        }
    }

    /** Physical ports as numbers, reserved ports by name ({@code "CONTROLLER"}). */
    static void renderPort(ObjectNode n, String name, PortNumber p) {
        if (p.isPhysical()) {
            n.put(name, p.value());
        } else {
            n.put(name, p.toString());
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    // ---- parsing ----------------------------------------------------------------------------

    /** Reads a field's value as {@link #render} writes it. */
    static Criterion parse(Field f, JsonNode v, String path) {
        try {
            switch (f.format()) {
                case PORT:
                    PortNumber port = parsePort(v, path);
                    if (port.equals(PortNumber.ANY)) {
                        throw bad(path, "ANY matches every port: leave the field out");
                    }
                    return Criterion.inPort(port);
                case MAC:
                    return mac(f.type(), JsonInput.text(v, path), path);
                case IPV4:
                    return new Criterion.Ip4Field(f.type(), Ip4Prefix.parse(JsonInput.text(v, path)));
                case VLAN:
                    if (v.isTextual() && v.textValue().equals("none")) {
                        return Criterion.vlan(VlanId.NONE);
                    }
                    if (!v.isIntegralNumber()) {
                        throw bad(path, "must be a VLAN id 0..4095 or \"none\", got " + JsonInput.describe(v));
                    }
                    return Criterion.vlan(VlanId.of((int) JsonInput.integer(v, path, 0, 4095)));
                case DECIMAL:
                    return Criterion.exact(f.type(), JsonInput.integer(v, path, 0, f.type().fullMask()));
                case HEX:
                    return Criterion.exact(f.type(), hexOrInteger(v, path, f.type().fullMask()));
                case MASKABLE_HEX:
                    return maskedNumber(f.type(), v, path);
                case MASKABLE_DECIMAL:
                    if (v.isTextual() && v.textValue().indexOf('/') >= 0) {
                        return maskedNumber(f.type(), v, path);
                    }
                    return Criterion.exact(f.type(), JsonInput.integer(v, path, 0, f.type().fullMask()));
                default:
                    throw new IllegalStateException("no parser for " + f.format());
            }
        } catch (IllegalArgumentException e) {
            throw bad(path, e.getMessage());
        }
    }

    /** A port number 1..0xffffff00 or a reserved port's name, in any case. */
    static PortNumber parsePort(JsonNode v, String path) {
        if (v != null && v.isTextual()) {
            String name = v.textValue().toUpperCase(Locale.ROOT);
            for (PortNumber p : RESERVED) {
                if (p.toString().equals(name)) {
                    return p;
                }
            }
            throw bad(path, "unknown port name \"" + v.textValue()
                    + "\" (IN_PORT, TABLE, NORMAL, FLOOD, ALL, CONTROLLER, LOCAL, ANY)");
        }
        if (v == null || !v.isIntegralNumber()) {
            throw bad(path, "must be a port number or a reserved port name, got " + JsonInput.describe(v));
        }
        return PortNumber.of(JsonInput.integer(v, path, 1, PortNumber.MAX_PHYSICAL));
    }

    private static final PortNumber[] RESERVED = {PortNumber.IN_PORT, PortNumber.TABLE, PortNumber.NORMAL,
        PortNumber.FLOOD, PortNumber.ALL, PortNumber.CONTROLLER, PortNumber.LOCAL, PortNumber.ANY};

    /** A {@code "0x.."} string (1 to 16 hex digits) or a non-negative JSON integer, within {@code fullMask}. */
    static long hexOrInteger(JsonNode v, String path, long fullMask) {
        long value;
        if (v != null && v.isTextual()) {
            value = hex(v.textValue(), path);
        } else if (v != null && v.isIntegralNumber()) {
            value = JsonInput.integer(v, path, 0, Long.MAX_VALUE);
        } else {
            throw bad(path, "must be a hex string like \"0x800\" or an integer, got " + JsonInput.describe(v));
        }
        if ((value & ~fullMask) != 0) {
            throw bad(path, "must be at most " + hex(fullMask) + ", got " + hex(value));
        }
        return value;
    }

    private static long hex(String text, String path) {
        return hex(text, 0, text.length(), path);
    }

    /** {@code "0x"} and 1 to 16 hex digits, from {@code start} to {@code end} of {@code text} (no copy). */
    private static long hex(String text, int start, int end, String path) {
        int length = end - start;
        boolean ok = length >= 3 && length <= 18 && text.charAt(start) == '0'
                && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X');
        for (int i = start + 2; ok && i < end; i++) {
            ok = Character.digit(text.charAt(i), 16) >= 0;
        }
        if (!ok) {
            throw bad(path, "must be \"0x\" and 1 to 16 hex digits, got \"" + text.substring(start, end) + "\"");
        }
        return Long.parseUnsignedLong(text, start + 2, end, 16);
    }

    private static Criterion maskedNumber(Type type, JsonNode v, String path) {
        long full = type.fullMask();
        if (v != null && v.isTextual() && v.textValue().indexOf('/') >= 0) {
            String text = v.textValue();
            int slash = text.indexOf('/');
            long value = hex(text, 0, slash, path);
            long mask = hex(text, slash + 1, text.length(), path);
            if (mask == 0) {
                throw bad(path, "a zero mask matches everything: leave the field out");
            }
            return new Criterion.NumberField(type, value & full, mask & full);
        }
        return new Criterion.NumberField(type, hexOrInteger(v, path, full), full);
    }

    private static Criterion mac(Type type, String text, String path) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Criterion.MacField(type, MacAddress.parse(text), MacAddress.BROADCAST);
        }
        MacAddress mask = MacAddress.parse(text.substring(slash + 1));
        if (mask.equals(MacAddress.ZERO)) {
            throw bad(path, "a zero mask matches everything: leave the field out");
        }
        return new Criterion.MacField(type, MacAddress.parse(text.substring(0, slash)), mask);
    }
}
