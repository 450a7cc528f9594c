package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import io.skylane.northbound.RestConfig;
import io.skylane.northbound.RestServer;
import io.skylane.northbound.RestServices;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathManager;
import io.skylane.topology.testing.FakeHostService;
import io.skylane.topology.testing.FakeTopologyService;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.store.JournalIntentStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A REST server with an in-memory intent store and calls to its OpenStack APIs over real HTTP, as
 * the OpenStack clients make them (JSON, {@code X-Auth-Token}).
 */
abstract class OpenStackHttp {

    static final ObjectMapper M = new ObjectMapper();
    static final String ADMIN_TOKEN = "openstack-admin-token-0123456789";
    final HttpClient http = HttpClient.newHttpClient();
    RestServer server;
    IntentService intents;

    /** An answer: status, parsed body (null when empty), the raw response. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** A tenant made through {@code /v1}: its id and first token's secret. */
    record Tenant(String id, String secret) {
    }

    @BeforeEach
    void start() {
        TestCore core = new TestCore();
        FakeTopologyService topology = new FakeTopologyService();
        intents = new IntentService(JournalIntentStore.inMemory(), IntentConfig.defaults(ADMIN_TOKEN), Clock.systemUTC());
        RestServices services = new RestServices(core.devices(), core.flows(), new SouthboundServiceAdapter(), topology,
                new FakeHostService(List.of()), new PathManager(topology, LinkWeigher.HOP_COUNT), l -> Optional.empty(),
                intents);
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test", services);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A call; {@code headers} in pairs; single quotes in the body stand for double quotes. */
    Answer call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode j = r.body().isEmpty() ? null : M.readTree(r.body());
        return new Answer(r.statusCode(), j, r);
    }

    /** A call with a Keystone token. */
    Answer as(String keystoneToken, String method, String path, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Auth-Token";
        all[1] = keystoneToken;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return call(method, path, body, all);
    }

    /** A call to the native API as the admin. */
    Answer native_(String method, String path, String body) throws Exception {
        return call(method, path, body, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    Tenant tenant(String name) throws Exception {
        Answer a = native_("POST", "/v1/tenants", "{'tenant':{'name':'" + name + "'}}");
        assertEquals(201, a.status(), a.raw().body());
        return new Tenant(a.body().at("/tenant/id").asText(), a.body().at("/token/secret").asText());
    }

    /** A Keystone token for the tenant, with the token method scoped to its project. */
    String login(Tenant t) throws Exception {
        Answer a = call("POST", "/identity/v3/auth/tokens", "{'auth': {'identity': {'methods': ['token'], "
                + "'token': {'id': '" + t.secret() + "'}}, 'scope': {'project': {'id': '" + t.id() + "'}}}}");
        assertEquals(201, a.status(), a.raw().body());
        return a.header("X-Subject-Token");
    }

    /** A Keystone token for the admin, in the admin project. */
    String loginAdmin() throws Exception {
        Answer a = call("POST", "/identity/v3/auth/tokens", "{'auth': {'identity': {'methods': ['password'], "
                + "'password': {'user': {'name': 'admin', 'domain': {'id': 'default'}, 'password': '" + ADMIN_TOKEN
                + "'}}}, 'scope': {'project': {'name': 'admin', 'domain': {'id': 'default'}}}}}");
        assertEquals(201, a.status(), a.raw().body());
        return a.header("X-Subject-Token");
    }
}
