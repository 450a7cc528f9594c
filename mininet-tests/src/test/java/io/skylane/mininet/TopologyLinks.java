package io.skylane.mininet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/** The links Mininet built between switches, in the form SkylaneRest.links() reports them. */
final class TopologyLinks {

    private TopologyLinks() {
    }

    /** Both directions of every switch-to-switch link of the lab, optionally leaving out a-b. */
    static Set<String> built(Lab lab, String... exceptBetween) {
        JsonNode switches = lab.switches();
        Set<String> links = new TreeSet<>();
        for (JsonNode l : lab.links()) {
            if (!"switch".equals(l.path("kind").asText())) {
                continue;
            }
            String a = l.path("a").asText();
            String b = l.path("b").asText();
            if (exceptBetween.length == 2 && Set.of(a, b).equals(Set.of(exceptBetween[0], exceptBetween[1]))) {
                continue;
            }
            String da = dpid(switches, a);
            String db = dpid(switches, b);
            links.add(da + "/" + l.path("a_port").asInt() + ">" + db + "/" + l.path("b_port").asInt());
            links.add(db + "/" + l.path("b_port").asInt() + ">" + da + "/" + l.path("a_port").asInt());
        }
        return links;
    }

    private static String dpid(JsonNode switches, String name) {
        for (JsonNode s : switches) {
            if (name.equals(s.path("name").asText())) {
                return s.path("dpid").asText();
            }
        }
        throw new AssertionError("no switch " + name);
    }
}
