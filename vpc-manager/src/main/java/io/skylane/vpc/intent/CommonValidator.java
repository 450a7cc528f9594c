package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.model.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Checks the fields every resource takes ({@code name}, {@code description}, {@code tags},
 * {@code external_ids}) and the text of any string a request carries.
 */
final class CommonValidator {

    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_TAGS = 64;

    private CommonValidator() {
    }

    /** The path of a key inside the object at {@code path} ("" is the request itself). */
    static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The path of an element of the list at {@code path}. */
    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    /** A first revision; {@code path} is where the fields sit in the request ("" at the top). */
    static Meta meta(Common c, String path, UUID id, UUID tenant, Instant now) {
        return Meta.created(id, tenant, text(c.name().or(""), at(path, "name"), MAX_NAME),
                text(c.description().or(""), at(path, "description"), MAX_DESCRIPTION), now,
                tags(c.tags().or(List.of()), at(path, "tags")),
                externalIds(c.externalIds().or(Map.of()), at(path, "external_ids")));
    }

    /** The next revision of {@code old} with what {@code c} gives. */
    static Meta next(Common c, Meta old, Instant now) {
        return old.next(text(c.name().or(old.name()), "name", MAX_NAME),
                text(c.description().or(old.description()), "description", MAX_DESCRIPTION),
                c.tags().present() ? tags(c.tags().value(), "tags") : old.tags(),
                c.externalIds().present() ? externalIds(c.externalIds().value(), "external_ids") : old.externalIds(),
                now);
    }

    /** A string of at most {@code max} characters without control characters. */
    static String text(String s, String path, int max) {
        if (s == null) {
            throw IntentException.invalid(path, "must be a string, got null");
        }
        if (s.length() > max) {
            throw IntentException.invalid(path, "must be at most " + max + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw IntentException.invalid(path, "must not contain control characters");
            }
        }
        return s;
    }

    /** A list of at most {@code max} elements. */
    static <T> List<T> atMost(List<T> list, String path, int max) {
        if (list.size() > max) {
            throw IntentException.invalid(path, "must have at most " + max + " elements");
        }
        return list;
    }

    static List<String> tags(List<String> given, String path) {
        atMost(given, path, MAX_TAGS);
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String t = text(given.get(i), at(path, i), MAX_NAME);
            if (t.isEmpty()) {
                throw IntentException.invalid(at(path, i), "must not be empty");
            }
            if (!seen.add(t)) {
                throw IntentException.invalid(at(path, i), "\"" + t + "\" is listed twice");
            }
            out.add(t);
        }
        return out;
    }

    static Map<String, String> externalIds(Map<String, String> given, String path) {
        if (given.size() > MAX_TAGS) {
            throw IntentException.invalid(path, "must have at most " + MAX_TAGS + " keys");
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = at(path, e.getKey());
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_NAME) {
                throw IntentException.invalid(key, "keys must have 1..255 characters");
            }
            text(e.getKey(), key, MAX_NAME);
            out.put(e.getKey(), text(e.getValue(), key, MAX_DESCRIPTION));
        }
        return out;
    }
}
