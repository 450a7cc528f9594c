package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import io.skylane.vpc.intent.IntentService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A REST server with an in-memory intent store, and calls to it over real HTTP. Every resource a
 * successful answer of the intent routes carries is checked against the YANG modules ({@link YangCheck}),
 * and every answer against the OpenAPI document ({@link OpenApiCheck}: documented status, conforming body).
 */
abstract class IntentHttp {

    static final ObjectMapper M = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    RestServer server;
    IntentService intents;
    /** How many resources in answers were checked against the YANG modules. */
    final AtomicInteger yangChecked = new AtomicInteger();

    /** An HTTP answer: status, parsed body (null when empty) and headers. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        JsonNode error() {
            return body.get("error");
        }
    }

    @BeforeEach
    void start() {
        TestCore core = new TestCore();
        RestServices base = TestServices.of(core, new SouthboundServiceAdapter());
        intents = base.intents();
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test", base);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Answer call(String token, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        JsonNode j = r.body().isEmpty() || !type.startsWith("application/json") ? null : M.readTree(r.body());
        OpenApiCheck.check(method, path, r.statusCode(), type, r.body());
        yangChecked.addAndGet(YangCheck.check(method, path, r.statusCode(), j));
        return new Answer(r.statusCode(), j, r);
    }

    Answer admin(String method, String path, String body, String... headers) throws Exception {
        return call(TestServices.ADMIN_TOKEN, method, path, body, headers);
    }

    /** Creates a tenant; returns {tenant id, token secret}. */
    String[] tenant(String name) throws Exception {
        Answer a = admin("POST", "/v1/tenants", "{'tenant':{'name':'" + name + "'}}");
        assertEquals(201, a.status(), a.raw().body());
        return new String[] {a.body().at("/tenant/id").asText(), a.body().at("/token/secret").asText()};
    }

    static String id(Answer a, String type) {
        return a.body().get(type).get("id").asText();
    }
}
