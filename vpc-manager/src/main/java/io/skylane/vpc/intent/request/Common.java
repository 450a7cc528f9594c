package io.skylane.vpc.intent.request;

import java.util.List;
import java.util.Map;

/**
 * The fields every resource takes: {@code name}, {@code description}, and the orchestrator's own
 * {@code tags} and {@code external_ids}. On a create an absent field is empty; on an update it is
 * kept.
 */
public record Common(Given<String> name, Given<String> description, Given<List<String>> tags,
                     Given<Map<String, String>> externalIds) {

    /** Nothing given. */
    public static final Common NONE = new Common(Given.absent(), Given.absent(), Given.absent(), Given.absent());

    public Common {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(description, "description");
        java.util.Objects.requireNonNull(tags, "tags");
        java.util.Objects.requireNonNull(externalIds, "externalIds");
    }

    /** Only a name. */
    public static Common named(String name) {
        return NONE.withName(name);
    }

    public Common withName(String v) {
        return new Common(Given.of(v), description, tags, externalIds);
    }

    public Common withDescription(String v) {
        return new Common(name, Given.of(v), tags, externalIds);
    }

    public Common withTags(List<String> v) {
        return new Common(name, description, Given.of(v), externalIds);
    }

    public Common withExternalIds(Map<String, String> v) {
        return new Common(name, description, tags, Given.of(v));
    }
}
