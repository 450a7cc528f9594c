package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import io.skylane.northbound.ApiException;
import java.util.List;
import java.util.Set;

/**
 * Neutron's {@code fixed_ips} filter on ports: each value is {@code key=value}, the key
 * {@code ip_address}, {@code subnet_id} or {@code ip_address_substr} (the client's {@code port list
 * --fixed-ip ip-address=...,subnet=...}, openstacksdk's {@code ports(fixed_ips=[...])}, gophercloud's
 * {@code FixedIPs}). A port matches when one of its fixed IPs matches every key given (any of a
 * key's values), as Neutron's query on the IP allocations does.
 */
final class FixedIpFilter {

    private static final Set<String> KEYS = Set.of("ip_address", "subnet_id", "ip_address_substr");

    private final ImmutableListMultimap<String, String> wanted;

    private FixedIpFilter(ImmutableListMultimap<String, String> wanted) {
        this.wanted = wanted;
    }

    /** The filter of the query's {@code fixed_ips} values; a value not {@code key=value} of a known key is a 400. */
    static FixedIpFilter of(List<String> values) {
        ImmutableListMultimap.Builder<String, String> b = ImmutableListMultimap.builder();
        for (String v : values) {
            int eq = v.indexOf('=');
            String key = eq < 0 ? "" : v.substring(0, eq);
            if (!KEYS.contains(key)) {
                throw ApiException.badRequest("Invalid input for fixed_ips: '" + v + "' is not of the form "
                        + "ip_address=<address>, subnet_id=<id> or ip_address_substr=<text>", "fixed_ips");
            }
            b.put(key, v.substring(eq + 1));
        }
        return new FixedIpFilter(b.build());
    }

    /** Whether one of the port's {@code fixed_ips} ({@code [{"subnet_id", "ip_address"}]}) matches. */
    boolean matches(JsonNode fixedIps) {
        for (JsonNode ip : fixedIps) {
            if (matchesOne(ip)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesOne(JsonNode ip) {
        String address = ip.path("ip_address").asText();
        for (String key : wanted.keySet()) {
            ImmutableList<String> values = wanted.get(key);
            boolean any = switch (key) {
                case "ip_address" -> values.contains(address);
                case "subnet_id" -> values.contains(ip.path("subnet_id").asText());
                default -> values.stream().anyMatch(address::contains);
            };
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
