package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.northbound.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Neutron listing's query: filters on the resource's fields (each field may be given several
 * times, any value matches; a list field matches when it holds the value; {@code fixed_ips} as
 * {@link FixedIpFilter}), {@code fields} (only
 * these fields, {@code id} always), {@code sort_key}/{@code sort_dir}, {@code limit},
 * {@code marker} and {@code page_reverse}, applied to the resources as Neutron shows them. A filter
 * on a field the resource does not have is a 400 naming it (Neutron's filter validation). Octavia's
 * listings are the same, with {@code <plural>_links} always present.
 */
final class NeutronListing {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> TAG_FILTERS = Set.of("tags", "tags-any", "not-tags", "not-tags-any");
    private static final Set<String> PAGING = Set.of("fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse");

    private final Map<String, List<String>> filters = new LinkedHashMap<>();
    private final List<String> fields;
    private final List<String> sortKeys;
    private final List<String> sortDirs;
    private final Integer limit;
    private final String marker;
    private final boolean reverse;
    private final Map<String, List<String>> query;
    private final boolean linksAlways;

    NeutronListing(Map<String, List<String>> query) {
        this(query, false);
    }

    /** @param linksAlways {@code <plural>_links} even without a {@code limit} (Octavia's lists) */
    NeutronListing(Map<String, List<String>> query, boolean linksAlways) {
        this.query = query;
        this.linksAlways = linksAlways;
        query.forEach((k, v) -> {
            if (!PAGING.contains(k)) {
                filters.put(k, v);
            }
        });
        fields = query.getOrDefault("fields", List.of());
        sortKeys = query.getOrDefault("sort_key", List.of());
        sortDirs = query.getOrDefault("sort_dir", List.of());
        limit = one("limit").map(NeutronListing::limit).orElse(null);
        marker = one("marker").orElse(null);
        reverse = one("page_reverse").map(v -> v.equalsIgnoreCase("true")).orElse(false);
        if (!sortDirs.isEmpty() && sortDirs.size() != sortKeys.size()) {
            throw ApiException.badRequest("The number of sort_keys and sort_dirs must be same", "sort_dir");
        }
        for (String d : sortDirs) {
            if (!d.equals("asc") && !d.equals("desc")) {
                throw ApiException.badRequest("sort_dir must be asc or desc, got " + d, "sort_dir");
            }
        }
    }

    private java.util.Optional<String> one(String name) {
        List<String> v = query.get(name);
        if (v == null || v.isEmpty()) {
            return java.util.Optional.empty();
        }
        if (v.size() > 1) {
            throw ApiException.badRequest(name + " given more than once", name);
        }
        return java.util.Optional.of(v.get(0));
    }

    private static int limit(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("limit must be a non-negative integer, got " + v, "limit");
    }

    /**
     * The envelope {@code {"<plural>": [...], "<plural>_links": [...]}} of the resources, given as
     * Neutron shows them, that pass the query.
     */
    ObjectNode answer(String plural, String href, List<ObjectNode> all) {
        List<ObjectNode> kept = new ArrayList<>();
        for (ObjectNode r : all) {
            if (matches(r)) {
                kept.add(r);
            }
        }
        kept.sort(order(all.isEmpty() ? null : all.get(0)));
        if (reverse) {
            java.util.Collections.reverse(kept);
        }
        int from = 0;
        if (marker != null) {
            from = -1;
            for (int i = 0; i < kept.size(); i++) {
                if (kept.get(i).path("id").asText().equals(marker)) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                throw new ApiException(404, "not_found", "Marker " + marker + " could not be found.", "marker");
            }
        }
        int to = limit == null || limit == 0 ? kept.size() : Math.min(kept.size(), from + limit);
        List<ObjectNode> page = kept.subList(from, to);
        ObjectNode out = F.objectNode();
        ArrayNode items = out.putArray(plural);
        page.forEach(r -> items.add(project(r)));
        if (linksAlways || (limit != null && limit > 0)) {
            ArrayNode links = out.putArray(plural + "_links");
            if (to < kept.size() && !page.isEmpty()) {
                links.addObject().put("rel", "next").put("href", link(href, page.get(page.size() - 1), false));
            }
            if (from > 0 && !page.isEmpty()) {
                links.addObject().put("rel", "previous").put("href", link(href, page.get(0), true));
            }
        }
        return out;
    }

    private String link(String href, ObjectNode at, boolean previous) {
        StringBuilder b = new StringBuilder(href).append("?limit=").append(limit).append("&marker=")
                .append(enc(at.path("id").asText()));
        if (previous != reverse) {
            b.append("&page_reverse=True");
        }
        query.forEach((k, vs) -> {
            if (!k.equals("limit") && !k.equals("marker") && !k.equals("page_reverse")) {
                vs.forEach(v -> b.append('&').append(enc(k)).append('=').append(enc(v)));
            }
        });
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private boolean matches(ObjectNode r) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (TAG_FILTERS.contains(f.getKey())) {
                if (!tagsMatch(f.getKey(), r.get("tags"), f.getValue())) {
                    return false;
                }
                continue;
            }
            JsonNode v = r.get(f.getKey());
            if (v == null) {
                throw ApiException.badRequest("[" + f.getKey() + "] is invalid attribute for filtering", f.getKey());
            }
            if (f.getKey().equals("fixed_ips")) {
                if (!FixedIpFilter.of(f.getValue()).matches(v)) {
                    return false;
                }
                continue;
            }
            boolean any = false;
            for (String want : f.getValue()) {
                any |= matches(v, want);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /**
     * Neutron's tag filters, each value a comma-separated list: {@code tags} (has all of them),
     * {@code tags-any} (has one), {@code not-tags} (lacks one of them), {@code not-tags-any} (has none).
     */
    private static boolean tagsMatch(String filter, JsonNode tags, List<String> values) {
        if (tags == null) {
            throw ApiException.badRequest("[" + filter + "] is invalid attribute for filtering", filter);
        }
        Set<String> has = new java.util.HashSet<>();
        tags.forEach(t -> has.add(t.asText()));
        Set<String> named = new java.util.HashSet<>();
        values.forEach(v -> named.addAll(List.of(v.split(","))));
        named.remove("");
        boolean all = has.containsAll(named);
        boolean any = named.stream().anyMatch(has::contains);
        return switch (filter) {
            case "tags" -> all;
            case "tags-any" -> any;
            case "not-tags" -> !all;
            default -> !any;
        };
    }

    private static boolean matches(JsonNode v, String want) {
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (matches(e, want)) {
                    return true;
                }
            }
            return false;
        }
        if (v.isNull()) {
            return want.isEmpty() || want.equalsIgnoreCase("none") || want.equalsIgnoreCase("null");
        }
        if (v.isBoolean()) {
            return want.toLowerCase(Locale.ROOT).equals(v.asText());
        }
        return v.asText().equals(want);
    }

    private Comparator<ObjectNode> order(ObjectNode sample) {
        Comparator<ObjectNode> c = null;
        for (int i = 0; i < sortKeys.size(); i++) {
            String key = sortKeys.get(i);
            if (sample != null && !sample.has(key)) {
                throw ApiException.badRequest("[" + key + "] is invalid attribute for sort_key", "sort_key");
            }
            Comparator<ObjectNode> k = Comparator.comparing(r -> r.path(key).asText());
            if (i < sortDirs.size() && sortDirs.get(i).equals("desc")) {
                k = k.reversed();
            }
            c = c == null ? k : c.thenComparing(k);
        }
        Comparator<ObjectNode> byId = Comparator.comparing(r -> r.path("id").asText());
        return c == null ? byId : c.thenComparing(byId);
    }

    /** Only the asked-for fields (and always {@code id}, which paging needs). */
    ObjectNode project(ObjectNode r) {
        if (fields.isEmpty()) {
            return r;
        }
        ObjectNode o = F.objectNode();
        for (String f : fields) {
            if (r.has(f)) {
                o.set(f, r.get(f));
            }
        }
        if (!o.has("id")) {
            o.set("id", r.get("id"));
        }
        return o;
    }
}
