package io.skylane.vpc.model;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YANG modules of the intent model, as shipped on the classpath ({@code yang/<name>.yang}): their
 * names and texts, for {@code GET /v1/yang} and {@code GET /v1/yang/{module}}.
 */
public final class YangModules {

    /** Where the modules live on the classpath. */
    public static final String RESOURCE_DIR = "yang/";

    /** Every module, imported ones first. */
    private static final ImmutableList<String> NAMES = ImmutableList.of(
            "skylane-types",
            "skylane-tenant",
            "skylane-vpc",
            "skylane-security-group",
            "skylane-load-balancer",
            "skylane-hypervisor",
            "skylane-router");

    private static final Pattern NAMESPACE = Pattern.compile("(?m)^\\s*namespace\\s+\"([^\"]+)\"\\s*;");
    private static final Pattern REVISION = Pattern.compile("(?m)^\\s*revision\\s+\"?(\\d{4}-\\d{2}-\\d{2})\"?\\s*[{;]");

    /** A module's name, its latest revision (the newest {@code revision} statement) and its namespace. */
    public record Info(String name, String revision, String namespace) {
    }

    private YangModules() {
    }

    /** Name, latest revision and namespace of every module, in {@link #names()} order. */
    public static ImmutableList<Info> infos() {
        ImmutableList.Builder<Info> out = ImmutableList.builder();
        for (String name : NAMES) {
            out.add(info(name).orElseThrow());
        }
        return out.build();
    }

    /** Name, latest revision and namespace of a module, or empty when there is no module of that name. */
    public static Optional<Info> info(String name) {
        return text(name).map(text -> {
            Matcher ns = NAMESPACE.matcher(text);
            if (!ns.find()) {
                throw new IllegalStateException("YANG module " + name + " has no namespace statement");
            }
            Matcher rev = REVISION.matcher(text);
            String latest = null;
            while (rev.find()) {
                if (latest == null || rev.group(1).compareTo(latest) > 0) {
                    latest = rev.group(1);
                }
            }
            if (latest == null) {
                throw new IllegalStateException("YANG module " + name + " has no revision statement");
            }
            return new Info(name, latest, ns.group(1));
        });
    }

    /** The module names, imported ones ({@code skylane-types}) first. */
    public static ImmutableList<String> names() {
        return NAMES;
    }

    /** The text of a module, or empty when there is no module of that name. */
    public static Optional<String> text(String name) {
        checkNotNull(name, "module name");
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        String resource = RESOURCE_DIR + name + ".yang";
        try (InputStream in = YangModules.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("YANG module missing from the classpath: " + resource);
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
