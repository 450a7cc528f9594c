package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/openapi.json}: complete for every route Javalin has, structurally valid OpenAPI 3.1. */
class OpenApiTest extends IntentHttp {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final JsonNode DOC = OpenApiCheck.DOC;

    private static Set<String> documented() {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = DOC.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    out.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
                }
            });
        }
        return out;
    }

    @Test
    void documentsEveryRouteRegisteredAndNoOther() {
        List<String> routes = server.routes();
        assertTrue(routes.size() > 40, routes.toString());
        Set<String> registered = new TreeSet<>(routes);
        assertEquals(routes.size(), registered.size(), "a route registered twice: " + routes);
        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(documented());
        Set<String> extra = new TreeSet<>(documented());
        extra.removeAll(registered);
        assertEquals(Set.of(), missing, "routes missing from openapi.json");
        assertEquals(Set.of(), extra, "openapi.json describes routes that do not exist");
    }

    @Test
    void isStructurallyValidOpenApi31() {
        assertEquals("3.1.0", DOC.get("openapi").asText());
        assertFalse(DOC.at("/info/title").asText().isEmpty());
        assertFalse(DOC.at("/info/version").asText().isEmpty());
        assertTrue(DOC.get("paths").size() > 0);
        Set<String> operationIds = new HashSet<>();
        Set<String> schemes = new HashSet<>();
        DOC.at("/components/securitySchemes").fieldNames().forEachRemaining(schemes::add);
        assertEquals(Set.of("bearer"), schemes);
        assertEquals("http", DOC.at("/components/securitySchemes/bearer/type").asText());
        assertEquals("bearer", DOC.at("/components/securitySchemes/bearer/scheme").asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = DOC.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String path = p.getKey();
            assertTrue(path.startsWith("/v1/"), path);
            Set<String> templated = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}/]+)}").matcher(path);
            while (m.find()) {
                templated.add(m.group(1));
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> o = ops.next();
                String where = o.getKey() + " " + path;
                assertTrue(METHODS.contains(o.getKey()), where + ": not an HTTP method");
                JsonNode op = o.getValue();
                assertTrue(operationIds.add(op.get("operationId").asText()), where + ": operationId repeated");
                assertFalse(op.path("summary").asText().isEmpty(), where + ": no summary");
                Set<String> inPath = new TreeSet<>();
                Set<String> names = new HashSet<>();
                for (JsonNode param : op.path("parameters")) {
                    JsonNode r = OpenApiCheck.resolve(param);
                    String in = r.get("in").asText();
                    assertTrue(Set.of("path", "query", "header", "cookie").contains(in), where + ": in " + in);
                    assertTrue(names.add(in + ":" + r.get("name").asText()), where + ": parameter repeated");
                    assertNotNull(r.get("schema"), where + ": parameter without schema");
                    if (in.equals("path")) {
                        assertTrue(r.get("required").asBoolean(), where + ": path parameters are required");
                        inPath.add(r.get("name").asText());
                    }
                }
                assertEquals(templated, inPath, where + ": path parameters");
                JsonNode responses = op.get("responses");
                assertTrue(responses != null && responses.size() > 0, where + ": no responses");
                boolean success = false;
                for (Iterator<String> codes = responses.fieldNames(); codes.hasNext(); ) {
                    String code = codes.next();
                    assertTrue(code.equals("default") || code.matches("[1-5][0-9][0-9]"), where + ": status " + code);
                    success |= code.startsWith("2");
                    JsonNode r = OpenApiCheck.resolve(responses.get(code));
                    assertFalse(r.path("description").asText().isEmpty(), where + " " + code + ": no description");
                }
                assertTrue(success, where + ": no 2xx response");
                for (JsonNode sec : op.path("security")) {
                    sec.fieldNames().forEachRemaining(n -> assertTrue(schemes.contains(n), where + ": security " + n));
                }
            }
        }
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertTrue(refs.size() > 100, "refs: " + refs.size());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/"), ref);
            assertFalse(DOC.at(ref.substring(1)).isMissingNode(), "unresolved $ref " + ref);
        }
        // every component is used somewhere
        Set<String> used = new HashSet<>(refs);
        for (String kind : List.of("schemas", "responses", "parameters")) {
            DOC.at("/components/" + kind).fieldNames().forEachRemaining(n ->
                    assertTrue(used.contains("#/components/" + kind + "/" + n), "unused component " + kind + "/" + n));
        }
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            JsonNode ref = n.get("$ref");
            if (ref != null) {
                out.add(ref.asText());
            }
        }
        n.forEach(c -> collectRefs(c, out));
    }

    @Test
    void isServedWithoutAToken() throws Exception {
        Answer a = call(null, "GET", "/v1/openapi.json", null);
        assertEquals(200, a.status());
        assertTrue(a.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals(DOC, a.body());
        assertEquals(400, call(null, "GET", "/v1/openapi.json?x=1", null).status());
        assertEquals(401, call(null, "GET", "/v1/openflow", null).status());
    }

    @Test
    void theAnswerCheckCatchesUndocumentedStatusesAndFields() {
        assertEquals("/v1/vpcs/{id}", OpenApiCheck.template("/v1/vpcs/6f1c2a3e-0000-4000-8000-000000000000"));
        assertEquals("/v1/yang", OpenApiCheck.template("/v1/yang"));
        assertEquals(null, OpenApiCheck.template("/v1/nope"));
        String error = "{\"error\": {\"type\": \"not_found\", \"message\": \"x\", \"field\": null}}";
        OpenApiCheck.check("GET", "/v1/vpcs/x", 404, "application/json", error);
        AssertionError undocumented = assertThrows(AssertionError.class,
                () -> OpenApiCheck.check("GET", "/v1/vpcs/x", 409, "application/json", error));
        assertTrue(undocumented.getMessage().contains("not documented"), undocumented.getMessage());
        AssertionError extra = assertThrows(AssertionError.class, () -> OpenApiCheck.check("GET", "/v1/health", 200,
                "application/json", "{\"status\": \"ok\", \"version\": \"1\", \"uptime_seconds\": 1, \"devices\": 0,"
                        + " \"devices_connected\": 0, \"surprise\": 1}"));
        assertTrue(extra.getMessage().contains("surprise"), extra.getMessage());
        assertThrows(AssertionError.class, () -> OpenApiCheck.check("GET", "/v1/health", 200, "application/json",
                "{\"status\": \"ok\"}"));
        assertThrows(AssertionError.class, () -> OpenApiCheck.check("DELETE", "/v1/vpcs/x", 204, "application/json", "{}"));
    }
}
