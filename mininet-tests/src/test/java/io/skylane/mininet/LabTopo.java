package io.skylane.mininet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topology for the lab driver. Switches are {@code s1..sN} with datapath id N (so s1 is
 * {@code 0000000000000001}), hosts {@code h1..hM} with IP 10.0.0.M and MAC 00:00:00:00:00:0M,
 * numbered in build order; see skylane_lab.py.
 *
 * @param kind      linear, tree, ring, fattree or custom
 * @param params    the driver's params for that kind
 * @param protocols "OpenFlow13" or "OpenFlow10"
 */
public record LabTopo(String kind, Map<String, Object> params, String protocols) {

    public LabTopo {
        params = Map.copyOf(params);
    }

    /** k switches in a chain, one host on each. */
    public static LabTopo linear(int k) {
        return new LabTopo("linear", Map.of("k", k), "OpenFlow13");
    }

    /** Mininet's tree: depth levels of switches, each with fanout children; hosts at the leaves. */
    public static LabTopo tree(int depth, int fanout) {
        return new LabTopo("tree", Map.of("depth", depth, "fanout", fanout), "OpenFlow13");
    }

    /** k switches in a ring (a loop), one host on each. */
    public static LabTopo ring(int k) {
        return new LabTopo("ring", Map.of("k", k), "OpenFlow13");
    }

    /** k switches in a ring with {@code hostsPerSwitch} hosts on each (0: switches only). */
    public static LabTopo ring(int k, int hostsPerSwitch) {
        return new LabTopo("ring", Map.of("k", k, "hosts", hostsPerSwitch), "OpenFlow13");
    }

    /** A k-ary fat tree: (k/2)^2 core, k pods of k/2 aggregation and k/2 edge switches. */
    public static LabTopo fatTree(int k) {
        return new LabTopo("fattree", Map.of("k", k), "OpenFlow13");
    }

    /**
     * Named switches and hosts with explicit links, e.g. links List.of(List.of("h1", "s1")). A host
     * is a name or a map with name and optionally ip, mac, defaultRoute; ip null: no address.
     */
    public static LabTopo custom(List<?> switches, List<?> hosts, List<List<String>> links) {
        return new LabTopo("custom", Map.of("switches", switches, "hosts", hosts, "links", links),
                "OpenFlow13");
    }

    public LabTopo openFlow10() {
        return new LabTopo(kind, params, "OpenFlow10");
    }

    /** The {@code start} request for a controller listening on 127.0.0.1:port. */
    Map<String, Object> startRequest(int controllerPort) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("topo", kind);
        request.put("params", params);
        request.put("protocols", protocols);
        request.put("controller_ip", "127.0.0.1");
        request.put("controller_port", controllerPort);
        return request;
    }

    /** The datapath id of switch sN as the controller writes it: 16 lower-case hex digits. */
    public static String dpid(int n) {
        return String.format("%016x", n);
    }
}
