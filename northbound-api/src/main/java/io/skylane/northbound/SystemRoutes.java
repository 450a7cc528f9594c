package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.skylane.core.device.DeviceService;
import io.skylane.core.net.Device;
import io.skylane.core.southbound.SouthboundService;
import io.skylane.core.southbound.SouthboundStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /v1/health} and {@code /v1/openflow}: is the controller up, and its OpenFlow listener;
 * {@code /v1/stats}: every part's counters, named in snake_case as the rest of the API; and
 * {@code /v1/openapi.json}: the OpenAPI document of the whole API (the checked-in resource
 * {@value #OPENAPI_RESOURCE}).
 */
final class SystemRoutes {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String OPENAPI_RESOURCE = "openapi.json";

    private final DeviceService devices;
    private final SouthboundService southbound;
    private final String version;
    private final Clock clock;
    private final Instant started;

    private final Supplier<Map<String, Map<String, Long>>> counters;

    SystemRoutes(DeviceService devices, SouthboundService southbound, String version, Clock clock,
                 Supplier<Map<String, Map<String, Long>>> counters) {
        this.counters = counters;
        this.devices = devices;
        this.southbound = southbound;
        this.version = version;
        this.clock = clock;
        this.started = clock.instant();
    }

    void register(Javalin app) {
        app.get("/v1/health", ctx -> {
            QueryInput.onlyParams(ctx, java.util.Set.of());
            ObjectNode n = F.objectNode();
            n.put("status", "ok");
            n.put("version", version);
            n.put("uptime_seconds", Duration.between(started, clock.instant()).toSeconds());
            n.put("devices", devices.devices().size());
            n.put("devices_connected", devices.devices().stream().filter(Device::connected).count());
            ctx.json(n);
        });
        byte[] openapi = openApiDocument();
        app.get("/v1/openapi.json", ctx -> {
            QueryInput.onlyParams(ctx, java.util.Set.of());
            ctx.contentType("application/json").result(openapi);
        });
        app.get("/v1/stats", ctx -> {
            QueryInput.onlyParams(ctx, java.util.Set.of());
            ObjectNode n = F.objectNode();
            ObjectNode all = n.putObject("counters");
            snakeCase(counters.get()).forEach((part, values) -> {
                ObjectNode o = all.putObject(part);
                values.forEach(o::put);
            });
            ctx.json(n);
        });
        app.get("/v1/openflow", ctx -> {
            QueryInput.onlyParams(ctx, java.util.Set.of());
            SouthboundStatus s = southbound.status();
            ObjectNode n = F.objectNode();
            n.set("listening", F.arrayNode().addAll(s.listening().stream().map(F::textNode).toList()));
            n.put("channels", s.channels());
            n.put("ready", s.ready());
            ObjectNode c = n.putObject("counters");
            s.counters().forEach(c::put);
            ctx.json(n);
        });
    }

    /**
     * The counters with every name in snake_case ({@link SnakeCase}), sorted: each part names its
     * counters as it likes ({@code arpAnswered}, {@code move_held}), the API in one style. Two names of
     * a part that read the same are a bug of that part: IllegalStateException.
     */
    static SortedMap<String, SortedMap<String, Long>> snakeCase(Map<String, Map<String, Long>> counters) {
        SortedMap<String, SortedMap<String, Long>> out = new TreeMap<>();
        counters.forEach((part, values) -> {
            SortedMap<String, Long> named = new TreeMap<>();
            values.forEach((name, value) -> {
                if (named.put(SnakeCase.of(name), value) != null) {
                    throw new IllegalStateException("two counters of " + part + " are named "
                            + SnakeCase.of(name) + " in snake_case");
                }
            });
            if (out.put(SnakeCase.of(part), named) != null) {
                throw new IllegalStateException("two parts are named " + SnakeCase.of(part) + " in snake_case");
            }
        });
        return out;
    }

    /** The OpenAPI document as shipped on the classpath. */
    static byte[] openApiDocument() {
        try (java.io.InputStream in = SystemRoutes.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the classpath: " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
