package io.skylane.northbound.openstack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Neutron's names for Skylane's: a VPC is a network (docs/openstack.md), {@code vpc_id} is
 * {@code network_id}, {@code revision} is {@code revision_number}. Used on what the intent service
 * says back (error messages and the fields they name) so that a Neutron client reads its own terms.
 */
final class NeutronNames {

    private static final Pattern WORDS = Pattern.compile("\\b(vpc_id|VPCs|vpcs|VPC|vpc|revision)\\b");

    /** How the native API says to free a subnet on a router, and Neutron's way to do it. */
    private static final String NATIVE_DETACH = "remove it from the router's subnet_ids first or ask for cascade=true";
    private static final String NEUTRON_DETACH = "remove the router's interface on it first (router remove subnet)";

    /**
     * The native API's other hints at {@code cascade=true} on a delete in use, and Neutron's: it
     * has no cascade, the user frees the resource first.
     */
    private static final String NATIVE_CASCADE = " or ask for cascade=true";
    private static final String NATIVE_CASCADE_DETACH = "; ask for cascade=true to detach it";
    private static final String NEUTRON_DETACH_FIRST = "; remove it from them first";

    private NeutronNames() {
    }

    /** The Neutron name of a Skylane field (a path such as {@code fixed_ips[0].subnet_id} too). */
    static String field(String skylane) {
        return skylane == null ? null : translate(skylane);
    }

    /**
     * The message of a refusal in Neutron's terms; a bad request names its field as Neutron's own
     * messages do ({@code Invalid input for cidr: ...}).
     */
    static String message(int status, String message, String field) {
        String m = translate(message == null ? "" : message);
        if (status != 400 || field == null || m.contains(field(field))) {
            return m;
        }
        return "Invalid input for " + field(field) + ": " + m;
    }

    static String translate(String text) {
        text = text.replace(NATIVE_DETACH, NEUTRON_DETACH).replace(NATIVE_CASCADE, "")
                .replace(NATIVE_CASCADE_DETACH, NEUTRON_DETACH_FIRST);
        Matcher m = WORDS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String w = m.group(1);
            String n = switch (w) {
                case "vpc_id" -> "network_id";
                case "VPCs", "vpcs" -> "networks";
                case "revision" -> "revision_number";
                default -> "network";
            };
            m.appendReplacement(out, n);
        }
        m.appendTail(out);
        return out.toString();
    }
}
