package io.skylane.vpc.intent.request;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One page of a listing: resources after {@code marker} (null: from the start), at most
 * {@code limit}, that match every filter. A filter names a filterable field of the type (see
 * {@code ResourceFilters}) and the values it must have: each value must equal the field's text, or
 * be one of its elements for a list field; {@code null} matches an unset field.
 */
public record ListQuery(Map<String, List<String>> filters, int limit, UUID marker) {

    public ListQuery {
        filters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(filters));
    }

    /** Everything, in pages of {@code limit}. */
    public static ListQuery all(int limit) {
        return new ListQuery(Map.of(), limit, null);
    }
}
