package io.skylane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tenant routes of the REST API the churn run uses, in process over real HTTP (the JDK's
 * server): tenants (admin token only), VPCs, subnets and ports (the tenant's token), with the
 * envelopes, statuses and ids of docs/api.md. Remembers what it was asked; can refuse every n-th
 * port create with a 409.
 */
final class FakeTenantApi implements AutoCloseable {

    static final String ADMIN = "admin-secret";

    private final HttpServer server;
    final Map<String, String> tokens = new ConcurrentHashMap<>(); // secret -> tenant id
    final Map<String, String> vpcs = new ConcurrentHashMap<>(); // vpc id -> tenant id
    final Map<String, String> subnets = new ConcurrentHashMap<>(); // subnet id -> vpc id
    final Map<String, String> ports = new ConcurrentHashMap<>(); // port id -> vpc id
    final Set<String> deletedTenants = ConcurrentHashMap.newKeySet();
    final List<String> portVpcs = new CopyOnWriteArrayList<>(); // the vpc_id of every port create, in order
    final Set<String> connections = ConcurrentHashMap.newKeySet(); // client addresses of port creates
    final AtomicInteger portCreates = new AtomicInteger();
    final AtomicInteger portDeletes = new AtomicInteger();
    volatile int refuseEvery; // 0 = never

    FakeTenantApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/v1/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            String auth = x.getRequestHeaders().getFirst("Authorization");
            String bearer = auth == null || !auth.startsWith("Bearer ") ? "" : auth.substring(7);
            byte[] in = x.getRequestBody().readAllBytes();
            if (path.equals("/v1/tenants") && method.equals("POST")) {
                if (!bearer.equals(ADMIN)) {
                    answer(x, 403, "{\"error\":{\"type\":\"forbidden\"}}");
                    return;
                }
                String id = UUID.randomUUID().toString();
                String secret = "tok-" + id;
                tokens.put(secret, id);
                answer(x, 201, "{\"tenant\":{\"id\":\"" + id + "\"},\"token\":{\"secret\":\"" + secret + "\"}}");
                return;
            }
            if (path.startsWith("/v1/tenants/") && method.equals("DELETE") && bearer.equals(ADMIN)
                    && "cascade=true".equals(x.getRequestURI().getQuery())) {
                deletedTenants.add(path.substring("/v1/tenants/".length()));
                answer(x, 204, null);
                return;
            }
            String tenant = tokens.get(bearer);
            if (tenant == null) {
                answer(x, 401, "{\"error\":{\"type\":\"unauthorized\"}}");
                return;
            }
            if (method.equals("POST") && !"application/json".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
                answer(x, 415, "{\"error\":{\"type\":\"unsupported_media_type\"}}");
                return;
            }
            JsonNode body = in.length == 0 ? null : BenchJson.read(new String(in, StandardCharsets.UTF_8));
            String id = UUID.randomUUID().toString();
            switch (method + " " + path) {
                case "POST /v1/vpcs" -> {
                    vpcs.put(id, tenant);
                    answer(x, 201, "{\"vpc\":{\"id\":\"" + id + "\"}}");
                }
                case "POST /v1/subnets" -> {
                    String vpc = body.path("subnet").path("vpc_id").asText();
                    if (!tenant.equals(vpcs.get(vpc)) || !body.path("subnet").path("cidr").isTextual()) {
                        answer(x, 400, "{\"error\":{\"type\":\"bad_request\",\"field\":\"vpc_id\"}}");
                        return;
                    }
                    subnets.put(id, vpc);
                    answer(x, 201, "{\"subnet\":{\"id\":\"" + id + "\"}}");
                }
                case "POST /v1/ports" -> {
                    String vpc = body.path("port").path("vpc_id").asText();
                    connections.add(x.getRemoteAddress().toString());
                    int n = portCreates.incrementAndGet();
                    if (!tenant.equals(vpcs.get(vpc)) || (refuseEvery > 0 && n % refuseEvery == 0)) {
                        answer(x, 409, "{\"error\":{\"type\":\"conflict\",\"message\":\"no free address\"}}");
                        return;
                    }
                    portVpcs.add(vpc);
                    ports.put(id, vpc);
                    answer(x, 201, "{\"port\":{\"id\":\"" + id + "\",\"vpc_id\":\"" + vpc + "\"}}");
                }
                default -> {
                    if (method.equals("DELETE") && path.startsWith("/v1/ports/")
                            && ports.remove(path.substring("/v1/ports/".length())) != null) {
                        portDeletes.incrementAndGet();
                        answer(x, 204, null);
                    } else {
                        answer(x, 404, "{\"error\":{\"type\":\"not_found\"}}");
                    }
                }
            }
        }
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            x.getResponseHeaders().set("Content-Type", "application/json");
        }
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
